using System.Globalization;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// What a child starts with besides its arguments and environment: its own container, default
/// signal handling, and no file descriptors of this process beyond its three standard streams.
/// </summary>
public sealed class ChildStateTests : SpawningTest
{
    /// <summary>O_CLOEXEC in /proc/PID/fdinfo "flags" (octal).</summary>
    private const int CloseOnExec = 0x80000;

    [LinuxFact]
    public async Task A_child_starts_with_no_blocked_and_no_ignored_signals()
    {
        // The .NET runtime ignores SIGPIPE; a child must not inherit that (nor any mask).
        var output = await Track(new Command("/bin/grep", "-E", "^Sig(Blk|Ign):", "/proc/self/status")).RunAsync(Token);

        var masks = output.Split('\n').Select(line => line.Split(':', 2)).ToDictionary(pair => pair[0], pair => ulong.Parse(pair[1].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        Assert.Equal(0UL, masks["SigBlk"]);
        Assert.Equal(0UL, masks["SigIgn"] & 0x7FFF_FFFFUL); // signals 1-31 (32 and 33 are the C library's own)
    }

    [LinuxFact]
    public async Task Each_run_gets_a_private_container_of_its_own()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var first = new LineCollector();
        var second = new LineCollector();
        var runs = new[]
        {
            Helper("print-pid", "hang").WithStandardOutput(first.Target).OutputAsync(cancellation.Token),
            Helper("print-pid", "hang").WithStandardOutput(second.Target).OutputAsync(cancellation.Token),
        };
        var one = int.Parse(await first.NextAsync(), CultureInfo.InvariantCulture);
        var two = int.Parse(await second.NextAsync(), CultureInfo.InvariantCulture);

        if (ProcessGroup.PredictMechanism().Mechanism == ContainmentMechanism.CgroupV2)
        {
            var ours = CgroupOf(Environment.ProcessId);
            Assert.NotEqual(ours, CgroupOf(one));
            Assert.NotEqual(ours, CgroupOf(two));
            Assert.NotEqual(CgroupOf(one), CgroupOf(two));
        }
        else
        {
            // Each child leads a new process group, in our session.
            Assert.Equal(one, ProcStat.Read(one)!.ProcessGroupId);
            Assert.Equal(two, ProcStat.Read(two)!.ProcessGroupId);
            Assert.Equal(ProcStat.Read(Environment.ProcessId)!.SessionId, ProcStat.Read(one)!.SessionId);
        }

        await cancellation.CancelAsync();
        foreach (var run in runs)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }
    }

    [LinuxFact]
    public async Task Only_the_standard_streams_reach_a_child_even_while_another_run_holds_pipes()
    {
        // Another run is live with all three of its streams on pipes: none of them may leak.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        using var gate = new InputGate();
        var busy = new LineCollector();
        var other = Helper("out", "ready", "hang").WithStandardInput(gate.Input).WithStandardOutput(busy.Target).OutputAsync(cancellation.Token);
        Assert.Equal("ready", await busy.NextAsync());
        var inheritable = InheritableDescriptorsOfThisProcess();

        var listing = await Track(new Command("/bin/ls", "-l", "/proc/self/fd/")).RunAsync(Token);

        var leaked = listing.Split('\n')
            .Where(line => line.Contains(" -> ", StringComparison.Ordinal) && !line.Contains("-> /proc/", StringComparison.Ordinal)) // ls's own directory
            .Select(line => line[..line.IndexOf(" -> ", StringComparison.Ordinal)].Split(' ')[^1])
            .Select(fd => int.Parse(fd, CultureInfo.InvariantCulture))
            .Where(fd => fd > 2 && !inheritable.Contains(fd))
            .ToList();
        Assert.True(leaked.Count == 0, $"descriptors of this process reached the child: {string.Join(", ", leaked)}\n{listing}");
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => other);
    }

    /// <summary>This process's descriptors without close-on-exec: those every exec passes on, whoever spawns.</summary>
    private static HashSet<int> InheritableDescriptorsOfThisProcess()
    {
        var result = new HashSet<int>();
        foreach (var path in Directory.GetFiles("/proc/self/fdinfo"))
        {
            try
            {
                var flags = File.ReadLines(path).First(line => line.StartsWith("flags:", StringComparison.Ordinal));
                if ((Convert.ToInt32(flags["flags:".Length..].Trim(), 8) & CloseOnExec) == 0)
                {
                    result.Add(int.Parse(Path.GetFileName(path), CultureInfo.InvariantCulture));
                }
            }
            catch (IOException)
            {
                // Closed while we looked.
            }
        }

        return result;
    }

    private static string CgroupOf(int pid) =>
        File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cgroup").Single(line => line.StartsWith("0::", StringComparison.Ordinal));
}

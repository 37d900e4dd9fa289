using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ProcessKit.Core.Tests.Infrastructure;

/// <summary>
/// Checks tests/TestHelper itself, through plain <see cref="Process"/> (not ProcessKit), so a
/// failure here points at the helper and not at the code under test. Every test leaves nothing
/// running: the helper is killed if it outlives the test, and every pid the helper reports
/// (grandchildren, daemons) is killed in <see cref="Dispose"/> if a test did not get that far.
/// </summary>
public sealed class TestHelperSmokeTests : IDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReapGrace = TimeSpan.FromSeconds(5);

    private readonly string _directory = Directory.CreateTempSubdirectory("processkit-testhelper-").FullName;
    private readonly List<int> _strayPids = [];

    [Fact]
    public async Task Out_then_exit_writes_the_line_and_exits_with_the_code()
    {
        var run = await RunHelperAsync(["out", "hello", "exit", "3"]);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("hello\n", run.StdoutText);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Out_bytes_writes_exactly_that_many_bytes_of_lines()
    {
        var run = await RunHelperAsync(["out-bytes", "1000"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1000, run.Stdout.Length);
        Assert.Equal(10, run.Stdout.Count(b => b == (byte)'\n'));
        Assert.Equal((byte)'\n', run.Stdout[99]);
        Assert.Equal((byte)'a', run.Stdout[100]);
        Assert.All(run.Stdout, b => Assert.True(b == (byte)'\n' || b is >= (byte)'a' and <= (byte)'z'));
    }

    [Fact]
    public async Task Echo_stdin_copies_stdin_to_stdout_while_both_flow()
    {
        // Larger than any pipe buffer: only a helper that writes while it reads gets through.
        var input = new byte[4 * 1024 * 1024];
        new Random(42).NextBytes(input);

        var run = await RunHelperAsync(["echo-stdin"], input);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(input.Length, run.Stdout.Length);
        Assert.True(input.AsSpan().SequenceEqual(run.Stdout), "echo-stdin changed the bytes");
    }

    [Fact]
    public async Task Unknown_action_fails_with_usage_code_before_running_anything()
    {
        var run = await RunHelperAsync(["out", "first", "no-such-action"]);

        Assert.Equal(64, run.ExitCode);
        Assert.Equal("", run.StdoutText);
        Assert.Contains("no-such-action", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grandchild_outlives_the_helper_until_killed()
    {
        var pidFile = Path.Combine(_directory, "grandchild.pid");

        var run = await RunHelperAsync(["grandchild", pidFile]);
        var grandchild = ReadPid(pidFile);

        Assert.Equal(0, run.ExitCode);
        Assert.NotEqual(run.Pid, grandchild);
        Assert.True(IsAlive(grandchild), $"grandchild {grandchild} should still run after the helper exited");
        await KillAndWaitGoneAsync(grandchild);
    }

    [Fact]
    public async Task Daemon_is_reparented_into_its_own_session()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "daemon needs setsid(2), and the checks read /proc");
        var pidFile = Path.Combine(_directory, "daemon.pid");

        var run = await RunHelperAsync(["daemon", pidFile]);
        var daemon = ReadPid(pidFile);

        Assert.Equal(0, run.ExitCode);
        Assert.True(IsAlive(daemon), $"daemon {daemon} should run after the helper exited");
        var stat = ProcStat.Read(daemon);
        Assert.NotNull(stat);
        Assert.NotEqual(run.Pid, stat.ParentPid);
        Assert.NotEqual(ProcStat.Read(Environment.ProcessId)!.SessionId, stat.SessionId);
        await KillAndWaitGoneAsync(daemon);
    }

    public void Dispose()
    {
        foreach (var pid in _strayPids)
        {
            Kill(pid);
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static CancellationTokenSource NewTimeout()
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(WaitLimit);
        return source;
    }

    /// <summary>Runs the helper to its exit, feeding <paramref name="stdin"/> while reading both outputs.</summary>
    private static async Task<HelperRun> RunHelperAsync(string[] args, byte[]? stdin = null)
    {
        var info = new ProcessStartInfo(TestHelperProgram.Path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("TestHelper did not start");
        using var timeout = NewTimeout();
        try
        {
            var stdout = new MemoryStream();
            var readStdout = process.StandardOutput.BaseStream.CopyToAsync(stdout, timeout.Token);
            var readStderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await FeedAsync(process.StandardInput.BaseStream, stdin, timeout.Token);
            await Task.WhenAll(readStdout, readStderr);
            await process.WaitForExitAsync(timeout.Token);
            return new HelperRun(process.Id, process.ExitCode, stdout.ToArray(), await readStderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
    }

    private static async Task FeedAsync(Stream stdin, byte[]? bytes, CancellationToken cancellationToken)
    {
        await using (stdin)
        {
            if (bytes is not null)
            {
                await stdin.WriteAsync(bytes, cancellationToken);
            }
        }
    }

    private int ReadPid(string pidFile)
    {
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        _strayPids.Add(pid);
        return pid;
    }

    private static async Task KillAndWaitGoneAsync(int pid)
    {
        Kill(pid);
        using var timeout = NewTimeout();
        while (IsAlive(pid))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }

        // Dead is enough for the test, but an orphan stays a zombie until init reaps it, and some
        // inits reap lazily (about 1.5 s on our CI machines): give it a moment, so a leak check
        // run right after the tests does not count it. An init that never reaps is not our bug.
        var reapDeadline = Stopwatch.StartNew();
        while (OperatingSystem.IsLinux() && ProcStat.Read(pid) is not null && reapDeadline.Elapsed < ReapGrace)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Running, as opposed to gone or a zombie that only waits for its parent to reap it.</summary>
    private static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            return ProcStat.Read(pid) is { State: not ('Z' or 'X') };
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private sealed record HelperRun(int Pid, int ExitCode, byte[] Stdout, string Stderr)
    {
        public string StdoutText => Encoding.UTF8.GetString(Stdout);
    }

    /// <summary>The fields of /proc/PID/stat the tests need (Linux).</summary>
    private sealed record ProcStat(char State, int ParentPid, int SessionId)
    {
        public static ProcStat? Read(int pid)
        {
            string text;
            try
            {
                text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            }
            catch (IOException)
            {
                // Gone, or being reaped between the open and the read (ESRCH), as LinuxProcess reads it.
                return null;
            }

            // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return new ProcStat(
                fields[0][0],
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                int.Parse(fields[3], CultureInfo.InvariantCulture));
        }
    }
}

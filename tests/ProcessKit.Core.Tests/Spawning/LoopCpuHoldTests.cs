using System.Runtime.Versioning;
using ProcessKit.Core.Tests.Infrastructure;
using ProcessKit.Interop;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// The epoll loop's thread is held on the CPU of the thread that spawned last, then let go
/// (<see cref="LoopCpuHold"/>). Each test holds a thread of its own, parked on an event, and
/// "spawns" from another thread bound to one CPU, so the CPU it is held on is known; both
/// threads end with the test.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LoopCpuHoldTests
{
    [LinuxFact]
    public void A_hold_keeps_the_thread_on_the_spawners_CPU_until_it_expires_then_returns_it_to_all_its_CPUs()
    {
        var all = CpusOf(0);
        Assert.SkipWhen(all.Length < 2, "this process may run on one CPU only: nothing to hold");
        using var held = new ParkedThread();
        var hold = LoopCpuHold.ForThread(held.ThreadId, Mask(all), milliseconds: 60_000)!;
        var spawnerCpu = all[^1];

        OnCpu(spawnerCpu, hold.HoldOnCallersCpu);
        Assert.Equal([spawnerCpu], CpusOf(held.ThreadId));

        hold.ReleaseIfExpired(Environment.TickCount64);
        Assert.Equal([spawnerCpu], CpusOf(held.ThreadId));

        hold.ReleaseIfExpired(Environment.TickCount64 + 60_000);
        Assert.Equal(all, CpusOf(held.ThreadId));
    }

    [LinuxFact]
    public void A_spawner_on_a_CPU_the_thread_may_not_use_does_not_move_it()
    {
        var all = CpusOf(0);
        Assert.SkipWhen(all.Length < 2, "this process may run on one CPU only: nothing to hold");
        using var held = new ParkedThread();

        // Every CPU but the spawner's may be used (8191 keeps two in the mask on a two-CPU machine).
        var hold = LoopCpuHold.ForThread(held.ThreadId, Mask([.. all.Take(all.Length - 1), 8191]), milliseconds: 60_000)!;

        OnCpu(all[^1], hold.HoldOnCallersCpu);

        Assert.Equal(all, CpusOf(held.ThreadId));
    }

    [LinuxFact]
    public void A_thread_that_may_run_on_one_CPU_only_has_no_hold()
    {
        Assert.Null(LoopCpuHold.ForThread(LinuxNative.gettid(), Mask([0]), milliseconds: 60_000));
    }

    [LinuxFact]
    public async Task The_shared_loop_holds_its_own_thread()
    {
        var loop = EpollLoop.Shared;
        Assert.SkipWhen(loop is null, "the epoll loop is off (PROCESSKIT_IO=portable)");
        Assert.SkipWhen(CpusOf(0).Length < 2, "this process may run on one CPU only: nothing to hold");
        await ProcessAssert.WaitUntilAsync(() => loop!.CpuHold is not null, "the loop thread to start");
        var loopThreads = Directory.GetDirectories("/proc/self/task")
            .Where(task => NameOf(task) == "ProcessKit I/O")
            .Select(task => int.Parse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal([loop!.CpuHold!.ThreadId], loopThreads);
    }

    /// <summary>The name of the thread at <paramref name="task"/>, or null when it ended since it was listed (another test's thread-pool thread, say).</summary>
    private static string? NameOf(string task)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).TrimEnd();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The CPUs thread <paramref name="threadId"/> (0: this one) may run on, ascending.</summary>
    private static unsafe int[] CpusOf(int threadId)
    {
        var mask = new byte[1024];
        fixed (byte* bits = mask)
        {
            Assert.Equal(0, LinuxNative.sched_getaffinity(threadId, mask.Length, bits));
        }

        return [.. Enumerable.Range(0, mask.Length * 8).Where(cpu => (mask[cpu / 8] & (1 << (cpu % 8))) != 0)];
    }

    private static byte[] Mask(IEnumerable<int> cpus)
    {
        var mask = new byte[1024];
        foreach (var cpu in cpus)
        {
            mask[cpu / 8] |= (byte)(1 << (cpu % 8));
        }

        return mask;
    }

    /// <summary>Runs <paramref name="action"/> on a new thread bound to <paramref name="cpu"/>, and waits for it.</summary>
    private static unsafe void OnCpu(int cpu, Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                var mask = Mask([cpu]);
                fixed (byte* bits = mask)
                {
                    Assert.Equal(0, LinuxNative.sched_setaffinity(0, mask.Length, bits));
                }

                Assert.Equal(cpu, LinuxNative.sched_getcpu());
                action();
            }
#pragma warning disable CA1031 // Handed to the test's own thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        Assert.Null(failure);
    }

    /// <summary>A thread that waits on an event until disposed; its id is known once constructed.</summary>
    private sealed class ParkedThread : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly Thread _thread;

        internal ParkedThread()
        {
            using var started = new ManualResetEventSlim();
            _thread = new Thread(() =>
            {
                ThreadId = LinuxNative.gettid();
                started.Set();
                _release.Wait();
            });
            _thread.Start();
            started.Wait();
        }

        internal int ThreadId { get; private set; }

        public void Dispose()
        {
            _release.Set();
            _thread.Join();
            _release.Dispose();
        }
    }
}

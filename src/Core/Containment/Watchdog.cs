using System.Globalization;
using System.IO.Pipes;
using System.Runtime.Versioning;

namespace ProcessKit;

/// <summary>
/// Makes sure nothing outlives this process, even when it dies by SIGKILL. Started once, with the
/// first container, it is a <c>/bin/sh</c> script (nothing to install: every Linux has one) in a
/// process group of its own and outside every container, reading a pipe whose only writer is this
/// process. When the pipe closes, this process is gone (killed, crashed, or exited without
/// disposing a group; the .NET runtime runs no finalizers at exit), and the script kills every
/// container named after it (cgroups <c>processkit-&lt;pid&gt;-*</c> under the parent,
/// and every process whose environment carries <c>PROCESSKIT_CONTAINER=&lt;pid&gt;-*</c>), removes
/// those cgroups, runs the cleanups registered through the pipe (<see cref="RegisterCleanup"/>), and
/// exits. No per-run registration is needed for processes: names carry the host's pid.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class Watchdog
{
    /// <summary>
    /// $0: this process's pid; $1: the cgroup parent ("" when none); $2...: the cgroup v1 parents
    /// whose groups enforce limits on a hybrid host (emptied by the kills before them; what is still
    /// listed is killed, then the groups and their member groups are removed). Signals from a terminal do not
    /// stop it; EOF on stdin triggers the sweep, which finds nothing after a tidy exit. Cgroups first (one write kills a whole
    /// tree), then two marker sweeps (a process that forks while the first runs is caught by the second),
    /// each one grep over every environ file where grep reads NUL-separated input (GNU, busybox), else a loop.
    /// </summary>
    private const string Script = """
        trap '' INT HUP TERM QUIT PIPE
        cleanups=""
        while IFS= read -r line; do cleanups="$cleanups$line
        "; done
        if [ -n "$1" ]; then
          for cg in "$1"/processkit-"$0"-*; do
            [ -d "$cg" ] || continue
            echo 1 > "$cg/cgroup.kill" 2>/dev/null
            i=0
            while grep -q 'populated 1' "$cg/cgroup.events" 2>/dev/null && [ $i -lt 500 ]; do sleep 0.01; i=$((i+1)); done
            for m in "$cg"/*/; do [ -d "$m" ] && rmdir "$m" 2>/dev/null; done
            rmdir "$cg" 2>/dev/null
          done
        fi
        for pass in 1 2; do
          if echo x | grep -qz x 2>/dev/null; then
            for f in $(grep -lsz "^PROCESSKIT_CONTAINER=$0-" /proc/[0-9]*/environ); do p=${f#/proc/}; kill -9 "${p%/environ}" 2>/dev/null; done
          else
            for p in /proc/[0-9]*; do
              if tr '\0' '\n' < "$p/environ" 2>/dev/null | grep -q "^PROCESSKIT_CONTAINER=$0-"; then kill -9 "${p#/proc/}" 2>/dev/null; fi
            done
          fi
        done
        shift
        for v1 in "$@"; do
          for cg in "$v1"/processkit-"$0"-*; do
            [ -d "$cg" ] || continue
            i=0
            while ! rmdir "$cg" 2>/dev/null && [ $i -lt 500 ]; do
              for m in "$cg"/*/; do [ -d "$m" ] && { kill -9 $(cat "$m/cgroup.procs") 2>/dev/null; rmdir "$m" 2>/dev/null; }; done
              kill -9 $(cat "$cg/cgroup.procs") 2>/dev/null
              sleep 0.01; i=$((i+1))
            done
          done
        done
        printf '%s' "$cleanups" | while IFS= read -r c; do [ -n "$c" ] && sh -c "$c" </dev/null >/dev/null 2>&1; done
        """;

    private static readonly Lock Gate = new();
    private static AnonymousPipeServerStream? _pipe;

    /// <summary>Starts the watchdog unless it runs already. Cheap after the first call.</summary>
    internal static void EnsureStarted()
    {
        if (Volatile.Read(ref _pipe) is not null)
        {
            return;
        }

        lock (Gate)
        {
            if (_pipe is not null)
            {
                return;
            }

            var cgroupParent = CgroupV2Environment.Discover(out _)?.ParentDirectory;
            SweepDeadHosts(cgroupParent);
            foreach (var v1Parent in CgroupV1Hierarchy.ParentDirectories)
            {
                SweepDeadHosts(v1Parent);
            }

            _pipe = Start(cgroupParent);
        }
    }

    /// <summary>
    /// Adds a shell command (one line) the watchdog runs after its sweep when this process is gone:
    /// how a package removes what is not a process of this host (a Docker container it started).
    /// The command runs with PATH only, so it names everything it needs (an engine's address).
    /// A watchdog that was killed forgets it; the next one does not learn it again.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="shellCommand"/> spans lines.</exception>
    internal static void RegisterCleanup(string shellCommand)
    {
        if (shellCommand.Contains('\n', StringComparison.Ordinal) || shellCommand.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentException("A watchdog cleanup is one line.", nameof(shellCommand));
        }

        EnsureStarted();
        lock (Gate)
        {
            var line = System.Text.Encoding.UTF8.GetBytes(shellCommand + "\n");
            _pipe?.Write(line);
            _pipe?.Flush();
        }
    }

    /// <summary>The pid of the watchdog, for tests and the doctor; null before it starts.</summary>
    internal static int? ProcessId { get; private set; }

    private static AnonymousPipeServerStream Start(string? cgroupParent)
    {
        // Outside every container: the default placement is this process's own cgroup, and a new
        // process group keeps a terminal's Ctrl-C (sent to the foreground group) away from it.
        string[] arguments = ["-c", Script, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), cgroupParent ?? "", .. CgroupV1Hierarchy.ParentDirectories];
        var command = new Command("/bin/sh", arguments)
            .WithStandardOutput(OutputTarget.Discard)
            .WithStandardError(OutputTarget.Discard)
            .WithClearedEnvironment()
            .WithEnvironment("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        var plan = SpawnPlan.For(command);
        var placement = new WatchdogPlacement();
        var child = PosixSpawner.Spawn(plan with { Input = new StdioPlan(StdioConnection.Pipe) }, placement);
        ProcessId = child.Id;
        // Nothing awaits the watchdog's exit: a failure to reap it is only a reason to start another.
        TaskFaults.Observe(child.Exited);
        _ = child.Exited.ContinueWith(_ => OnExited(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return (AnonymousPipeServerStream)child.StandardInput!;
    }

    /// <summary>The watchdog died (someone killed it): the next container starts a new one.</summary>
    private static void OnExited()
    {
        lock (Gate)
        {
            _pipe?.Dispose();
            _pipe = null;
            ProcessId = null;
        }
    }

    /// <summary>
    /// Containers left by a host that died while its watchdog was also killed: cgroups named
    /// <c>processkit-&lt;pid&gt;-*</c> whose host pid no longer runs are killed and removed. The same
    /// rule sweeps a cgroup v1 parent (<paramref name="cgroupParent"/> on a v1 hierarchy), whose
    /// groups only limited: there what is still listed is killed, and the groups are removed.
    /// </summary>
    internal static int SweepDeadHosts(string? cgroupParent)
    {
        if (cgroupParent is null || !Directory.Exists(cgroupParent))
        {
            return 0;
        }

        var swept = 0;
        foreach (var directory in Directory.EnumerateDirectories(cgroupParent, "processkit-*-*"))
        {
            var name = Path.GetFileName(directory);
            var parts = name.Split('-');
            if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var host) ||
                host == Environment.ProcessId || Directory.Exists($"/proc/{host}"))
            {
                continue;
            }

            var group = new CgroupDirectory(directory);
            if (!group.IsV2)
            {
                swept += V1LimitCgroups.KillAndRemove(group, TimeSpan.FromSeconds(5)) ? 1 : 0;
                continue;
            }

            group.KillAll();
            group.WaitUntilEmptyAsync(TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
            if (group.TryRemove())
            {
                swept++;
            }
        }

        return swept;
    }

    /// <summary>The watchdog's own placement: a new process group, no cgroup, no marker, never killed with anything.</summary>
    private sealed class WatchdogPlacement : Containment
    {
        internal override ContainmentMechanism Mechanism => ContainmentMechanism.ProcessGroup;

        internal override int UnixProcessGroupToJoin => 0;

        internal override void Adopt(ChildProcess child)
        {
        }

        protected override void OnLeaderExited()
        {
        }

        internal override void SignalTree(int signal)
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}

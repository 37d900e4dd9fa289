using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CliWrap;
using CliWrap.Buffered;
using ProcessKit.Testing;

namespace ProcessKit.Benchmarks;

/// <summary>
/// Every figure of issue 14 in one run, each against its anchors measured in the same rounds
/// (interleaved: each round runs every way once, in the balanced order of <see cref="RoundOrder"/>):
/// spawn + capture of <c>/bin/true</c> and of <c>seq 1 150000</c> (about 1 MB) against raw
/// <c>posix_spawn</c>, <see cref="Process"/> and CliWrap; the same spawn again with 500 extra idle
/// processes on the machine; teardown of a 101-process tree against the floor of writing
/// <c>cgroup.kill</c> by hand; TCP port readiness against a 1 ms connect loop; line readiness
/// against a blocking <c>ReadLine</c> and CliWrap; the redis preset's start and dispose against
/// redis-server alone. <c>--figures [rounds] [figure]</c> runs a fresh copy of this program per
/// mechanism; with a figure (<c>spawn</c>, <c>capture</c>, <c>growth</c>, <c>teardown</c>,
/// <c>port</c>, <c>line</c>, <c>redis</c>) only that one, for many rounds of a noisy figure.
/// </summary>
internal static class Figures
{
    internal const string Option = "--figures";
    internal const string ProbeOption = "--figures-probe";

    private const int DefaultRounds = 200;
    private const int IdleProcesses = 500;
    private const int TeardownRounds = 8;

    /// <summary>
    /// Warm-up rounds of the readiness figures, every way: their paths run only here, and
    /// ProcessKit (not precompiled, unlike System.Diagnostics.Process) reaches the JIT's optimised
    /// tier after 30 calls, compiled on a background thread that would otherwise compete with the
    /// timed rounds for this machine's 2 cores. The steady state is what the targets are about.
    /// </summary>
    private const int ReadinessWarmupRounds = 60;
    private const string Raw = "raw posix_spawn";
    private const string DiagnosticsProcess = "Process";
    private const string Wrap = "CliWrap";
    private const string Ours = "Command.Output";

    /// <summary>The parent: one fresh process per mechanism, its tables copied to the console.</summary>
    internal static async Task<int> RunAsync(string[] args)
    {
        var rounds = args is [var count, ..] ? count : DefaultRounds.ToString(CultureInfo.InvariantCulture);
        if (args is [_, var figure, ..] && !All.Any(f => f.Name == figure))
        {
            Console.Error.WriteLine($"No figure '{figure}': one of {string.Join(", ", All.Select(f => f.Name))}.");
            return 2;
        }

        return await SelfProcess.RunEachMechanismAsync([ProbeOption, rounds, .. args.Skip(1).Take(1)]);
    }

    /// <summary>
    /// Every figure by the name <c>--figures ROUNDS NAME</c> picks it by, in the order of a full run;
    /// each is given the rounds and this process's mechanism. The readiness rounds are short (a few
    /// ms each) and their spread is wide: as many as the spawn's.
    /// </summary>
    private static readonly (string Name, Func<int, ContainmentMechanism, Task> Measure)[] All =
    [
        ("spawn", (rounds, _) => Done(() => Table("spawn + capture /bin/true", Interleaved.Measure(SpawnWays("/bin/true"), rounds), Raw))),
        ("capture", (rounds, _) => Done(() => Table("capture seq 1 150000 (about 1 MB)", Interleaved.Measure(SpawnWays(SpawnBenchmarks.FindOnPath("seq"), "1", "150000"), rounds / 2), DiagnosticsProcess))),
        ("growth", (rounds, _) => Done(() => Growth(SpawnWays("/bin/true"), rounds))),
        ("teardown", (_, mechanism) => Done(() => Teardown(mechanism))),
        ("port", (rounds, _) => PortReadinessAsync(rounds)),
        ("line", (rounds, _) => Done(() => LineReadiness(rounds))),
        ("redis", (rounds, _) => RedisAsync(rounds / 4)),
    ];

    /// <summary>A probe: every figure (or the one named) under this process's mechanism.</summary>
    internal static async Task<int> ProbeAsync(string[] args)
    {
        var rounds = int.Parse(args[0], CultureInfo.InvariantCulture);
        var mechanism = Mechanisms.Verify();
        Console.WriteLine();
        Console.WriteLine($"## mechanism {mechanism}, {rounds} rounds");
        foreach (var (_, measure) in All.Where(figure => args.Length < 2 || args[1] == figure.Name))
        {
            await measure(rounds, mechanism);
        }

        return 0;
    }

    private static Task Done(Action measure)
    {
        measure();
        return Task.CompletedTask;
    }

    /// <summary>One child per run, standard output read to its end, four ways.</summary>
    private static List<(string Name, Func<long> Run)> SpawnWays(params string[] argv)
    {
        var raw = new RawPosixSpawn(argv);
        var expected = raw.Run();
        var start = new ProcessStartInfo(argv[0], argv[1..]) { UseShellExecute = false, RedirectStandardOutput = true };
        var wrap = Cli.Wrap(argv[0]).WithArguments(argv[1..]);
        var command = new Command(argv[0], argv[1..]);
        return
        [
            (Raw, () => Expect(raw.Run(), expected)),
            (DiagnosticsProcess, () =>
            {
                using var process = Process.Start(start)!;
                var length = process.StandardOutput.ReadToEnd().Length;
                process.WaitForExit();
                return Expect(length, expected);
            }),
            (Wrap, () => Expect(wrap.ExecuteBufferedAsync().GetAwaiter().GetResult().StandardOutput.Length, expected)),
            (Ours, () => Expect(command.Output().StandardOutput.Length, expected)),
        ];
    }

    /// <summary>
    /// The spawn again with <see cref="IdleProcesses"/> more processes on the machine (each a
    /// <c>sleep</c>, started here and killed by pid after): ProcessKit's ratio to raw should not grow.
    /// </summary>
    private static void Growth(List<(string Name, Func<long> Run)> spawn, int rounds)
    {
        var ways = spawn.Where(way => way.Name is Raw or Ours).ToList();
        var without = Interleaved.Measure(ways, rounds);
        var idle = new List<Process>(IdleProcesses);
        try
        {
            for (var i = 0; i < IdleProcesses; i++)
            {
                idle.Add(Process.Start(new ProcessStartInfo("sleep", "1000") { UseShellExecute = false })!);
            }

            var with = Interleaved.Measure(ways, rounds);
            Console.WriteLine();
            Console.WriteLine($"### growth: /bin/true with {IdleProcesses} extra idle processes ({WatchdogCost.CountProcesses()} on the machine), load {SelfProcess.Load()}");
            Console.WriteLine();
            Console.WriteLine("| | raw median | Command.Output median | ratio to raw |");
            Console.WriteLine("|---|---:|---:|---:|");
            var before = Row("without", without);
            var after = Row($"with {IdleProcesses}", with);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| with / without | | | {after / before:F2} |"));
        }
        finally
        {
            foreach (var process in idle)
            {
                process.Kill();
                process.WaitForExit();
                process.Dispose();
            }
        }

        static double Row(string label, (List<(string Name, Func<long> Run)> Ways, double[][] Microseconds) result)
        {
            var raw = Interleaved.Percentile(result.Microseconds[0], 50);
            var ours = Interleaved.Percentile(result.Microseconds[1], 50);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {raw:F0} us | {ours:F0} us | {ours / raw:F2} |"));
            return ours / raw;
        }
    }

    /// <summary>
    /// Teardown of 101 processes (a shell, 80 plain <c>sleep</c>s, 10 under <c>setsid</c>, 10
    /// double-forked), alternately by <see cref="ProcessGroup.DisposeAsync"/> and by the floor:
    /// the same tree in a cgroup made by hand, <c>cgroup.kill</c> written and <c>cgroup.events</c>
    /// read until <c>populated 0</c>. Only the teardown is timed; every round checks no survivor.
    /// </summary>
    private static void Teardown(ContainmentMechanism mechanism)
    {
        var floor = new List<double>();
        var ours = new List<double>();
        for (var round = -1; round < TeardownRounds; round++)
        {
            var f = TreeFloor.TearDownOnce();
            var o = TearDownGroupOnce();
            if (round >= 0)
            {
                floor.Add(f);
                ours.Add(o);
            }
        }

        var floorMedian = Interleaved.Percentile([.. floor], 50);
        var oursMedian = Interleaved.Percentile([.. ours], 50);
        Console.WriteLine();
        Console.WriteLine($"### teardown of 101 processes, {TeardownRounds} rounds alternating, load {SelfProcess.Load()}");
        Console.WriteLine();
        Console.WriteLine("| way | median | min | max | ratio to floor | survivors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| floor: cgroup.kill by hand, wait for populated 0 | {floorMedian / 1000:F1} ms | {floor.Min() / 1000:F1} ms | {floor.Max() / 1000:F1} ms | 1.00 | 0 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| ProcessGroup.DisposeAsync ({mechanism}) | {oursMedian / 1000:F1} ms | {ours.Min() / 1000:F1} ms | {ours.Max() / 1000:F1} ms | {oursMedian / floorMedian:F2} | 0 |"));
    }

    private static double TearDownGroupOnce()
    {
        var group = ProcessGroup.Create();
        var member = group.OutputAsync(new Command("/bin/sh", "-c", TreeFloor.Tree));
        var tree = TreeFloor.WaitForTree(() => group.Members, member);
        var started = Stopwatch.GetTimestamp();
        group.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        _ = member.GetAwaiter().GetResult();
        TreeFloor.ThrowIfAnyAlive(tree);
        return elapsed;
    }

    /// <summary>
    /// From <c>listen</c> to "ready": a socket bound in this process starts listening a random
    /// 0-20 ms after the wait began (so a poll's phase is not always the same), for ProcessKit's
    /// <see cref="ReadinessProbe.TcpPort"/> on a running child and for a 1 ms connect loop.
    /// </summary>
    private static async Task PortReadinessAsync(int rounds)
    {
        var random = new Random(14);
        await using var child = await new Command("sleep", "1000").StartAsync();
        var ways = new List<(string Name, Func<double> Run)>
        {
            ("connect every 1 ms", () => ListenThenTime(random, async port =>
            {
                while (true)
                {
                    using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        await socket.ConnectAsync(IPAddress.Loopback, port);
                        return;
                    }
                    catch (SocketException)
                    {
                        await Task.Delay(1);
                    }
                }
            })),
            ("ReadinessProbe.TcpPort (default)", () => ListenThenTime(random, port =>
                child.WaitUntilReadyAsync(ReadinessProbe.TcpPort(port), TimeSpan.FromSeconds(10)))),
        };
        Table("TCP port readiness, from listen to ready", MeasureSelfTimed(ways, rounds), "connect every 1 ms");
    }

    /// <summary>Microseconds from <c>listen</c> until <paramref name="waitForPort"/> saw the port.</summary>
    private static double ListenThenTime(Random random, Func<int, Task> waitForPort)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var waiting = waitForPort(((IPEndPoint)listener.LocalEndPoint!).Port);
        Thread.Sleep(random.Next(0, 21));
        listener.Listen();
        var listened = Stopwatch.GetTimestamp();
        waiting.GetAwaiter().GetResult();
        return Stopwatch.GetElapsedTime(listened).TotalMicroseconds;
    }

    /// <summary>The child of the line readiness figures: one line, then <c>ready</c>, then it stays.</summary>
    internal static readonly string[] LineChild = ["/bin/sh", "-c", "echo starting; echo ready; exec sleep 1000"];

    /// <summary>From spawn until the child's line "ready" was seen, three ways; each child is killed after, untimed.</summary>
    private static void LineReadiness(int rounds)
    {
        var ways = new List<(string Name, Func<double> Run)>
        {
            ("Process + blocking ReadLine", () => ProcessUntilLine()),
            (Wrap, CliWrapUntilLine),
            ("StartAsync + ReadinessProbe.Line", () =>
            {
                var started = Stopwatch.GetTimestamp();
                var process = new Command(LineChild[0], LineChild[1..]).StartAsync().GetAwaiter().GetResult();
                process.WaitUntilReadyAsync(ReadinessProbe.Line(line => line == "ready", "the line ready"), TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                process.DisposeAsync().AsTask().GetAwaiter().GetResult();
                return elapsed;
            }),
        };
        Table("line readiness, from spawn to the line seen", MeasureSelfTimed(ways, rounds), "Process + blocking ReadLine");
    }

    /// <summary>
    /// Microseconds from <see cref="Process.Start(ProcessStartInfo)"/> until a blocking <c>ReadLine</c>
    /// returned <c>ready</c>; the child is killed after, untimed. <paramref name="atLine"/>, when given,
    /// gets the child's pid once the line was seen, before the kill.
    /// </summary>
    internal static double ProcessUntilLine(Action<int>? atLine = null)
    {
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(new ProcessStartInfo(LineChild[0], LineChild[1..]) { UseShellExecute = false, RedirectStandardOutput = true })!;
        while (process.StandardOutput.ReadLine() is { } line && line != "ready")
        {
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        atLine?.Invoke(process.Id);
        process.Kill();
        process.WaitForExit();
        return elapsed;
    }

    /// <summary>Microseconds from CliWrap's <c>ExecuteAsync</c> until its line callback saw <c>ready</c>; the run is cancelled after, untimed.</summary>
    internal static double CliWrapUntilLine()
    {
        var started = Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Cli.Wrap(LineChild[0]).WithArguments(LineChild[1..])
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line =>
            {
                if (line == "ready")
                {
                    ready.TrySetResult();
                }
            }))
            .ExecuteAsync(stop.Token);
        ready.Task.GetAwaiter().GetResult();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        stop.Cancel();
        try
        {
            run.Task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        return elapsed;
    }

    /// <summary>
    /// The redis preset against redis-server alone, alternating, <paramref name="rounds"/> times
    /// each. Alone: the preset's own command (placeholders filled in, in a data directory and on a
    /// port prepared once by the fixture) through <see cref="Process.Start(ProcessStartInfo)"/>,
    /// <c>PING</c> every 1 ms until <c>+PONG</c>; then SIGTERM, timed until it has exited (redis's
    /// own exit). The fixture: <c>new RedisServerBuilder().Build()</c>, <c>StartAsync</c> timed,
    /// then <c>DisposeAsync</c> timed. Skipped, with a line, where redis-server is not installed.
    /// </summary>
    private static async Task RedisAsync(int rounds)
    {
        Console.WriteLine();
        await using var prepared = new RedisServerBuilder().Build();
        try
        {
            await prepared.StartAsync();
        }
        catch (ServerBinaryNotFoundException)
        {
            Console.WriteLine("### redis preset: skipped, redis-server is not installed (apt-get install redis-server)");
            return;
        }

        await prepared.StopAsync();
        var command = prepared.Definition.Command;
        var alone = new ProcessStartInfo(command.Program, command.Arguments.Select(prepared.Expand))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            WorkingDirectory = prepared.DataDirectory!,
        };
        var times = new[] { new List<double>(), new List<double>(), new List<double>(), new List<double>() };
        for (var round = -Interleaved.WarmupRounds; round < rounds; round++)
        {
            var measured = new double[4];
            foreach (var way in RoundOrder.Of(round + Interleaved.WarmupRounds, 2))
            {
                if (way == 0)
                {
                    (measured[0], measured[1]) = RedisAlone(alone, prepared.Port);
                }
                else
                {
                    (measured[2], measured[3]) = await RedisFixtureAsync();
                }
            }

            for (var i = 0; round >= 0 && i < 4; i++)
            {
                times[i].Add(measured[i]);
            }
        }

        var median = times.Select(list => Interleaved.Percentile([.. list], 50)).ToArray();
        Console.WriteLine($"### redis preset, start to ready and dispose: {rounds} rounds alternating, load {SelfProcess.Load()}");
        Console.WriteLine();
        Console.WriteLine("| way | median | ratio |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| redis-server alone: Process.Start, PING every 1 ms until +PONG | {median[0] / 1000:F1} ms | 1.00 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| RedisServer.StartAsync | {median[2] / 1000:F1} ms | {median[2] / median[0]:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| redis-server alone: SIGTERM until it exited | {median[1] / 1000:F1} ms | 1.00 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| RedisServer.DisposeAsync | {median[3] / 1000:F1} ms | {median[3] / median[1]:F2} |"));
    }

    /// <summary>Microseconds from <see cref="Process.Start(ProcessStartInfo)"/> to the first <c>+PONG</c>, and from SIGTERM to the exit.</summary>
    private static (double Start, double Stop) RedisAlone(ProcessStartInfo start, int port)
    {
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        while (!Pong(port))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {process.ExitCode} before it answered on port {port}.");
            }

            Thread.Sleep(1);
        }

        var ready = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        var stopping = Stopwatch.GetTimestamp();
        _ = RawLibc.kill(process.Id, 15);
        process.WaitForExit();
        return (ready, Stopwatch.GetElapsedTime(stopping).TotalMicroseconds);
    }

    /// <summary>Microseconds of the fixture's <c>StartAsync</c> and of its <c>DisposeAsync</c>.</summary>
    private static async Task<(double Start, double Stop)> RedisFixtureAsync()
    {
        var server = new RedisServerBuilder().Build();
        var started = Stopwatch.GetTimestamp();
        await server.StartAsync();
        var ready = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        var stopping = Stopwatch.GetTimestamp();
        await server.DisposeAsync();
        return (ready, Stopwatch.GetElapsedTime(stopping).TotalMicroseconds);
    }

    /// <summary>True when a redis server answers <c>PING</c> on <paramref name="port"/>.</summary>
    private static bool Pong(int port)
    {
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(IPAddress.Loopback, port);
            socket.Send("PING\r\n"u8);
            Span<byte> reply = stackalloc byte[16];
            var read = socket.Receive(reply);
            return reply[..read].StartsWith("+PONG"u8);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// As <see cref="Interleaved.Measure"/>, for ways that time themselves (what they time is not
    /// the whole call), after <see cref="ReadinessWarmupRounds"/> warm-up rounds; each time with
    /// the way run right before it (-1 for none).
    /// </summary>
    private static (List<string> Names, double[][] Microseconds, int[][] Before) MeasureSelfTimed(List<(string Name, Func<double> Run)> ways, int rounds)
    {
        var times = ways.Select(_ => new double[rounds]).ToArray();
        var before = ways.Select(_ => new int[rounds]).ToArray();
        var previous = -1;
        for (var round = -ReadinessWarmupRounds; round < rounds; round++)
        {
            foreach (var way in RoundOrder.Of(round + ReadinessWarmupRounds, ways.Count))
            {
                var elapsed = ways[way].Run();
                if (round >= 0)
                {
                    times[way][round] = elapsed;
                    before[way][round] = previous;
                }

                previous = way;
            }
        }

        return ([.. ways.Select(way => way.Name)], times, before);
    }

    /// <summary>
    /// The table of <paramref name="result"/>, then each way's median by the way run right before
    /// it: what one way leaves behind for the next shows, and that every way had the same
    /// predecessors (<see cref="RoundOrder"/>).
    /// </summary>
    private static void Table(string title, (List<string> Names, double[][] Microseconds, int[][] Before) result, string anchor)
    {
        var (names, times, before) = result;
        Table(title, (names, times), anchor);
        Console.WriteLine();
        Console.WriteLine("Median by the way run right before it (rounds in brackets):");
        Console.WriteLine();
        Console.WriteLine($"| way | {string.Join(" | ", names.Select(name => "after " + name))} |");
        Console.WriteLine($"|---|{string.Concat(names.Select(_ => "---:|"))}");
        for (var i = 0; i < names.Count; i++)
        {
            var cells = names.Select((_, j) =>
            {
                double[] after = [.. times[i].Where((_, round) => before[i][round] == j)];
                return after.Length == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{Interleaved.Percentile(after, 50):F0} us ({after.Length})");
            });
            Console.WriteLine($"| {names[i]} | {string.Join(" | ", cells)} |");
        }
    }

    private static void Table(string title, (List<(string Name, Func<long> Run)> Ways, double[][] Microseconds) result, string anchor) =>
        Table(title, ([.. result.Ways.Select(way => way.Name)], result.Microseconds), anchor);

    private static void Table(string title, (List<string> Names, double[][] Microseconds) result, string anchor)
    {
        var (names, times) = result;
        var anchorMedian = Interleaved.Percentile(times[names.IndexOf(anchor)], 50);
        Console.WriteLine();
        Console.WriteLine($"### {title}: {times[0].Length} rounds, load {SelfProcess.Load()}, {WatchdogCost.CountProcesses()} processes on the machine");
        Console.WriteLine();
        Console.WriteLine($"| way | median | p25 | p75 | ratio to {anchor} (medians) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        for (var i = 0; i < names.Count; i++)
        {
            var median = Interleaved.Percentile(times[i], 50);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {names[i]} | {median:F0} us | {Interleaved.Percentile(times[i], 25):F0} us | {Interleaved.Percentile(times[i], 75):F0} us | {median / anchorMedian:F2} |"));
        }
    }

    private static long Expect(long length, long expected) =>
        length == expected
            ? length
            : throw new InvalidOperationException($"Read {length} bytes of output, expected {expected}.");
}

using System.Collections.Concurrent;
using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>
/// One test's cassette, the same in every test-framework adapter: opened when the test starts and
/// made the ambient runner of the test's async flow, so a plain <c>command.RunAsync()</c> records
/// or replays through it; saved when the test ends only if the test passed (a half-recorded
/// cassette is never written); and watched: a command the test's code ran with the real runner
/// past the cassette (a runner taken from DI, <see cref="ProcessRunner.Default"/> used directly),
/// or a cassette that recorded and replayed nothing, is reported as a warning in the test's output,
/// or fails a strict test (<see cref="CassetteBypassedException"/>).
/// </summary>
/// <remarks>
/// The adapters call <see cref="Begin"/> and <see cref="EndAsync"/> from their own before/after
/// hooks, in the test's async flow (the ambient runner and the watch are <see cref="AsyncLocal{T}"/>s
/// of that flow), and supply what is theirs: the folder and name, whether the test passed, where a
/// line of its output goes.
/// </remarks>
internal sealed class TestCassetteSession
{
    /// <summary>The cassette folder beside the test's source file, unless the attribute names another.</summary>
    internal const string DefaultDirectory = "Cassettes";

    /// <summary>The environment variable that makes every cassette test strict: <c>1</c> or <c>true</c>.</summary>
    internal const string StrictVariable = "PROCESSKIT_CASSETTE_STRICT";

    private readonly ConcurrentQueue<string> _outside = new();
    private readonly RealRunWatch _watch;
    private readonly ProcessRunnerScope _scope;
    private readonly IProcessRunner _ambient;
    private readonly bool _strict;
    private int _ended;

    private TestCassetteSession(RecordReplayRunner runner, Func<RecordReplayRunner, IProcessRunner>? ambient, bool strict)
    {
        Runner = runner;
        _strict = strict;
        _ambient = ambient?.Invoke(runner) ?? runner;
        _scope = ProcessRunnerScope.Use(_ambient);
        _watch = RealRunWatch.Begin(command => _outside.Enqueue(command.ToString()));
    }

    /// <summary>The test's cassette.</summary>
    internal RecordReplayRunner Runner { get; }

    /// <summary>True when <paramref name="requested"/> (the attribute's option) or <see cref="StrictVariable"/> asks for strictness.</summary>
    /// <param name="requested">The attribute's <c>Strict</c>.</param>
    /// <param name="readVariable">Reads an environment variable.</param>
    internal static bool IsStrict(bool requested, Func<string, string?> readVariable) =>
        requested || readVariable(StrictVariable)?.Trim() is { } value && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Opens the test's cassette, makes it (or what <paramref name="ambient"/> wraps it in) the
    /// ambient runner of the calling async flow, and starts watching that flow for real runs.
    /// </summary>
    /// <param name="directory">The cassette folder, absolute.</param>
    /// <param name="name">The cassette name (<see cref="TestCassetteNaming"/>).</param>
    /// <param name="options">The cassette's options; its <see cref="CassetteOptions.Runner"/> (the real runner when null) records.</param>
    /// <param name="strict">The attribute's <c>Strict</c>; <see cref="StrictVariable"/> can also make the test strict.</param>
    /// <param name="ambient">Wraps the cassette for the ambient runner (an adapter's runner that writes commands to the test's output); null for the cassette itself.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="InvalidOperationException"><c>PROCESSKIT_CASSETTE_MODE</c> holds no mode.</exception>
    internal static TestCassetteSession Begin(string directory, string name, CassetteOptions options, bool strict, Func<RecordReplayRunner, IProcessRunner>? ambient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var runner = new RecordReplayRunner(directory, name, options with { Runner = new CassetteInnerRunner(options.Runner ?? ProcessRunner.Default) });
        return new TestCassetteSession(runner, ambient, IsStrict(strict, Environment.GetEnvironmentVariable));
    }

    /// <summary>
    /// Ends the test's cassette: restores the ambient runner, stops watching, saves what was recorded
    /// if the test passed (and discards it otherwise), then writes a warning to the test's output
    /// for each way the test got past its cassette. Idempotent.
    /// </summary>
    /// <param name="passed">Whether the test passed: only then is the cassette saved, and only then does strictness fail it.</param>
    /// <param name="write">Writes one line to the test's output.</param>
    /// <exception cref="CassetteBypassedException">The test passed, is strict, and got past its cassette.</exception>
    /// <exception cref="IOException">The cassette could not be written.</exception>
    /// <exception cref="CassetteLockTimeoutException">Another writer held the cassette too long.</exception>
    internal Task EndAsync(bool passed, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return Task.CompletedTask;
        }

        // Synchronously, so that the ambient runner is restored in the caller's flow (a change an
        // async method makes to an AsyncLocal does not reach its caller). The hook that ends the
        // test may run in another flow than the one that began it: there the test's ambient runner
        // is already gone with its flow.
        _watch.Dispose();
        if (ReferenceEquals(ProcessRunner.Current, _ambient))
        {
            _scope.Dispose();
        }

        return SaveAndReportAsync(passed, write);
    }

    private async Task SaveAndReportAsync(bool passed, Action<string> write)
    {
        if (!passed)
        {
            Runner.MarkFailed();
        }

        await Runner.DisposeAsync().ConfigureAwait(false);
        var outside = _outside.ToArray();
        var warnings = Warnings(outside);
        foreach (var warning in warnings)
        {
            write(warning);
        }

        if (passed && _strict && warnings.Count > 0)
        {
            throw new CassetteBypassedException(
                Runner.CassettePath,
                outside,
                string.Join(" ", warnings.Select(w => w["[processkit] warning: ".Length..])) + $" The test is strict ([Cassette(Strict = true)] or {StrictVariable}=1), so it fails.");
        }
    }

    /// <summary>The warnings for this test: commands run past the cassette, and a cassette nothing went through.</summary>
    private List<string> Warnings(string[] outside)
    {
        var warnings = new List<string>();
        if (outside.Length > 0)
        {
            warnings.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"[processkit] warning: {outside.Length} command(s) ran with the real runner, past the cassette {Runner.CassettePath}, so they were neither recorded nor replayed: {string.Join("; ", outside)}. ") +
                "Hand the code under test the test's runner (ProcessRunner.Current or TestCassette.Current, for example registered with AddProcessKit) rather than ProcessRunner.Default.");
        }

        if (Runner.RecordedCount == 0 && Runner.ReplayedCount == 0)
        {
            warnings.Add($"[processkit] warning: the cassette {Runner.CassettePath} recorded and replayed nothing: no command of the test ran through it.");
        }

        return warnings;
    }
}

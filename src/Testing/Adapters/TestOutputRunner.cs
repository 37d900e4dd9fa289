using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>
/// The runner every test-framework adapter binds to one test: it runs each command through an inner
/// runner (the real one, a double, a cassette), cancelled by the test's token as well as the
/// caller's, and writes it to the test's output through a sink: the command line first, redacted
/// (so a hang shows what was running), then up to <see cref="MaxLinesPerStream"/> lines of each
/// stream of its output and how it ended; a started process's lines as they are read, on the
/// reading thread, then how it ended. The adapter supplies the sink (the captured output of its
/// test, written to explicitly, since a pipe-reading thread never sees the test's ambient context).
/// </summary>
/// <remarks>
/// What the test's output shows:
/// <code>
/// $ git log -1
///   first line of standard output
///   [stderr] a line of standard error
///   ... 12 more lines
///   -> exited with code 0 after 3.1 ms
/// $ worker --verbose &amp;
/// [worker 4242] a line, as it is read
/// [worker 4242] [stderr] a line of standard error
/// [worker 4242] exited with code 0 after 812 ms
/// </code>
/// A command that throws shows <c>  -> ExceptionType: first line of its message</c>. Thread-safe as
/// far as the sink is.
/// </remarks>
internal sealed class TestOutputRunner : IProcessRunner
{
    /// <summary>The most lines of each stream of a finished command written to the test's output; the rest are counted.</summary>
    internal const int MaxLinesPerStream = 100;

    private readonly Action<string> _write;
    private readonly CancellationToken _testToken;
    private readonly Action<IDisposable>? _keepUntilTestEnds;

    /// <summary>Binds <paramref name="inner"/> to one test.</summary>
    /// <param name="inner">The runner that runs the commands.</param>
    /// <param name="write">Writes one line to the test's output; called on whatever thread read the line, so it must not throw.</param>
    /// <param name="testToken">The test's token: every command is cancelled by it as well as by the caller's.</param>
    /// <param name="keepUntilTestEnds">
    /// Takes the relay of each started process, to dispose it when the test ends (so that nothing is
    /// written to a finished test); null when the sink itself drops lines after the test.
    /// </param>
    internal TestOutputRunner(IProcessRunner inner, Action<string> write, CancellationToken testToken, Action<IDisposable>? keepUntilTestEnds = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(write);
        Inner = inner;
        _write = write;
        _testToken = testToken;
        _keepUntilTestEnds = keepUntilTestEnds;
    }

    /// <summary>The runner that runs the commands.</summary>
    internal IProcessRunner Inner { get; }

    /// <summary>
    /// The inner runner's, so that a pipeline of real processes keeps its kernel pipes; its stages
    /// then run past this runner and are not written to the test's output one by one.
    /// </summary>
    public ProcessPlacement? Placement => Inner.Placement;

    public async Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        _write($"$ {command}");
        var result = await RunAsync(token => Inner.OutputAsync(command, verb, token), cancellationToken).ConfigureAwait(false);
        WriteStream(result.StandardOutput, "");
        WriteStream(result.StandardError, "[stderr] ");
        _write($"  -> {Ending(result)}");
        return result;
    }

    public async Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        _write($"$ {command}");
        var result = await RunAsync(token => Inner.OutputBytesAsync(command, token), cancellationToken).ConfigureAwait(false);
        _write(string.Create(
            CultureInfo.InvariantCulture,
            $"  -> {Ending(result)}; {result.StandardOutput.Length} bytes of output, {result.StandardError.Length} of error output"));
        return result;
    }

    public async Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        _write($"$ {command} &");
        var process = await RunAsync(token => Inner.StartAsync(command, token), cancellationToken).ConfigureAwait(false);
        var label = string.Create(CultureInfo.InvariantCulture, $"[{Path.GetFileName(command.Program)} {process.Id}]");
        var relay = process.ObserveLines(
            line => _write(line.Source == OutputSource.StandardError ? $"{label} [stderr] {line.Text}" : $"{label} {line.Text}"),
            includeRecent: true);
        _keepUntilTestEnds?.Invoke(relay);
        process.OnExit(result =>
        {
            relay.Dispose();
            _write($"{label} {Ending(result)}");
        });
        return process;
    }

    /// <summary>Runs <paramref name="run"/> under the test's token linked with the caller's, writing how it failed if it throws.</summary>
    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        using var linked = _testToken.CanBeCanceled && cancellationToken.CanBeCanceled && _testToken != cancellationToken
            ? CancellationTokenSource.CreateLinkedTokenSource(_testToken, cancellationToken)
            : null;
        try
        {
            return await run(linked?.Token ?? (cancellationToken.CanBeCanceled ? cancellationToken : _testToken)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _write($"  -> {e.GetType().Name}: {FirstLine(e.Message)}");
            throw;
        }
    }

    private void WriteStream(string text, string marker)
    {
        if (text.Length == 0)
        {
            return;
        }

        var lines = text.TrimEnd('\n').Split('\n');
        foreach (var line in lines.Take(MaxLinesPerStream))
        {
            _write("  " + marker + line.TrimEnd('\r'));
        }

        if (lines.Length > MaxLinesPerStream)
        {
            _write(string.Create(CultureInfo.InvariantCulture, $"  {marker}... {lines.Length - MaxLinesPerStream} more lines"));
        }
    }

    private static string Ending(ProcessOutcome result) =>
        string.Create(CultureInfo.InvariantCulture, $"{result.Status} after {result.Duration.TotalMilliseconds:0.#} ms");

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end].TrimEnd('\r');
    }
}

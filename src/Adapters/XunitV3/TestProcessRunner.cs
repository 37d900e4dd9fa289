using System.Globalization;
using Xunit;

namespace ProcessKit.Testing.XunitV3;

/// <summary>
/// A runner bound to the xunit.v3 test that made it: every command runs under that test's
/// cancellation token (<see cref="TestContext.CancellationToken"/>, linked with the token the caller
/// passes), and each command, its output and how it ended are written to that test's output, even
/// the lines of started processes that are read on background threads. Wrap the runner your code
/// uses (a double, a cassette, <see cref="ProcessRunner.Default"/>) and hand this one out instead,
/// or make it ambient with <see cref="ProcessRunnerScope.Use"/>.
/// </summary>
/// <remarks>
/// Make one per test, in the test (or its constructor): it captures that test's output and token
/// when it is made. Output of one-shot commands is shown up to <see cref="ShownLinesPerStream"/>
/// lines per stream. Thread-safe.
/// </remarks>
public sealed class TestProcessRunner : IProcessRunner
{
    /// <summary>How many lines of each stream of a finished command are written to the test's output; the rest is counted.</summary>
    public const int ShownLinesPerStream = 100;

    private readonly ITestOutputHelper _output;
    private readonly CancellationToken _testToken;

    /// <summary>Binds a runner to the test running now.</summary>
    /// <param name="inner">
    /// The runner that really runs the commands; when null, <see cref="ProcessRunner.Current"/> as it
    /// is now (the ambient runner, such as a cassette's, else the real one).
    /// </param>
    /// <exception cref="InvalidOperationException">No test is running in this async flow (for example in a fixture).</exception>
    public TestProcessRunner(IProcessRunner? inner = null)
    {
        _output = CurrentTestOutput.CurrentHelper(nameof(TestProcessRunner));
        _testToken = TestContext.Current.CancellationToken;
        Inner = inner ?? ProcessRunner.Current;
    }

    /// <summary>The runner that really runs the commands.</summary>
    public IProcessRunner Inner { get; }

    /// <inheritdoc />
    public async Task<ProcessResult> OutputAsync(Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        Write($"$ {command}");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_testToken, cancellationToken);
        try
        {
            var result = await Inner.OutputAsync(command, linked.Token).ConfigureAwait(false);
            WriteLines(result.StandardOutput, "");
            WriteLines(result.StandardError, "[stderr] ");
            Write($"  -> {Describe(result)}");
            return result;
        }
        catch (Exception e)
        {
            Write($"  -> {e.GetType().Name}: {e.Message}");
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        Write($"$ {command}");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_testToken, cancellationToken);
        try
        {
            var result = await Inner.OutputBytesAsync(command, linked.Token).ConfigureAwait(false);
            Write(string.Create(CultureInfo.InvariantCulture,
                $"  -> {Describe(result)}; {result.StandardOutput.Length} bytes of output, {result.StandardError.Length} of error output"));
            return result;
        }
        catch (Exception e)
        {
            Write($"  -> {e.GetType().Name}: {e.Message}");
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>The process's lines are relayed to the test's output as they are read (standard error marked), then how it ended.</remarks>
    public async Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        Write($"$ {command} &");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_testToken, cancellationToken);
        RunningProcess process;
        try
        {
            process = await Inner.StartAsync(command, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Write($"  -> {e.GetType().Name}: {e.Message}");
            throw;
        }

        var prefix = string.Create(CultureInfo.InvariantCulture, $"  [pid {process.Id}] ");
        var relay = process.ObserveLines(line => Write(prefix + line), includeRecent: true);
        process.OnExit(result =>
        {
            relay.Dispose();
            Write(prefix + Describe(result));
        });
        return process;
    }

    private static string Describe(ProcessOutcome result) =>
        string.Create(CultureInfo.InvariantCulture, $"{result.Status} after {result.Duration.TotalMilliseconds:0.#} ms");

    private void WriteLines(string text, string marker)
    {
        if (text.Length == 0)
        {
            return;
        }

        var lines = text.TrimEnd('\n').Split('\n');
        foreach (var line in lines.Take(ShownLinesPerStream))
        {
            Write("  " + marker + line.TrimEnd('\r'));
        }

        if (lines.Length > ShownLinesPerStream)
        {
            Write(string.Create(CultureInfo.InvariantCulture, $"  {marker}... {lines.Length - ShownLinesPerStream} more lines"));
        }
    }

    private void Write(string line) => CurrentTestOutput.TryWrite(_output, line);
}

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
    public const int ShownLinesPerStream = TestOutputRunner.MaxLinesPerStream;

    private readonly TestOutputRunner _runner;

    /// <summary>Binds a runner to the test running now.</summary>
    /// <param name="inner">
    /// The runner that really runs the commands; when null, <see cref="ProcessRunner.Current"/> as it
    /// is now (the ambient runner, such as a cassette's, else the real one).
    /// </param>
    /// <exception cref="InvalidOperationException">No test is running in this async flow (for example in a fixture).</exception>
    public TestProcessRunner(IProcessRunner? inner = null)
    {
        var output = TestOutputChannel.Current(nameof(TestProcessRunner));

        // The helper drops lines once its test is over, so a started process's relay may outlive the test.
        _runner = new TestOutputRunner(inner ?? ProcessRunner.Current, output.WriteLine, TestContext.Current.CancellationToken);
    }

    /// <summary>The runner that really runs the commands.</summary>
    public IProcessRunner Inner => _runner.Inner;

    /// <inheritdoc />
    /// <remarks>The inner runner's: a pipeline of real processes keeps its kernel pipes, and its stages are then not written to the test's output one by one.</remarks>
    public ProcessPlacement? Placement => _runner.Placement;

    /// <inheritdoc />
    public Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default) =>
        _runner.OutputAsync(command, verb, cancellationToken);

    /// <inheritdoc />
    public Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default) =>
        _runner.OutputBytesAsync(command, cancellationToken);

    /// <inheritdoc />
    /// <remarks>The process's lines are relayed to the test's output as they are read (standard error marked), then how it ended.</remarks>
    public Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default) =>
        _runner.StartAsync(command, cancellationToken);
}

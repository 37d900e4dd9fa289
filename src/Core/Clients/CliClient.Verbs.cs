namespace ProcessKit;

/// <summary>
/// The verbs of <see cref="ProcessKit.Command"/>, each in three forms: with the arguments only
/// (<c>git.RunAsync("status")</c>), with a cancellation token (<c>git.RunAsync(["status"], token)</c>),
/// and with a callback that changes this one call (<c>git.RunAsync(["apply"], c => c.WithStandardInput(patch), token)</c>).
/// Each runs <see cref="Command(IEnumerable{string})"/> through its runner.
/// </summary>
public sealed partial class CliClient
{
    /// <summary>Runs the call and returns its trimmed standard output; throws unless it succeeded.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <inheritdoc cref="ProcessKit.Command.RunAsync" path="/exception"/>
    public Task<string> RunAsync(params string[] arguments) => Command(arguments).RunAsync();

    /// <summary>Runs the call and returns its trimmed standard output; throws unless it succeeded.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="cancellationToken">Cancels the call: its process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <inheritdoc cref="ProcessKit.Command.RunAsync" path="/exception"/>
    public Task<string> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        Command(arguments).RunAsync(cancellationToken);

    /// <summary>Runs the call and returns its trimmed standard output; throws unless it succeeded.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="configure">Changes this call only, after the client's defaults; what it sets wins.</param>
    /// <param name="cancellationToken">Cancels the call: its process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="InvalidOperationException"><paramref name="configure"/> returned null.</exception>
    /// <inheritdoc cref="ProcessKit.Command.RunAsync" path="/exception"/>
    public Task<string> RunAsync(IEnumerable<string> arguments, Func<Command, Command> configure, CancellationToken cancellationToken = default) =>
        Command(arguments, configure).RunAsync(cancellationToken);

    /// <summary>Runs the call and returns what happened as data (a non-zero exit does not throw).</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <inheritdoc cref="ProcessKit.Command.OutputAsync" path="/exception"/>
    public Task<ProcessResult> OutputAsync(params string[] arguments) => Command(arguments).OutputAsync();

    /// <summary>Runs the call and returns what happened as data (a non-zero exit does not throw).</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="cancellationToken">Cancels the call: its process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <inheritdoc cref="ProcessKit.Command.OutputAsync" path="/exception"/>
    public Task<ProcessResult> OutputAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        Command(arguments).OutputAsync(cancellationToken);

    /// <summary>Runs the call and returns what happened as data (a non-zero exit does not throw).</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="configure">Changes this call only, after the client's defaults; what it sets wins.</param>
    /// <param name="cancellationToken">Cancels the call: its process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="InvalidOperationException"><paramref name="configure"/> returned null.</exception>
    /// <inheritdoc cref="ProcessKit.Command.OutputAsync" path="/exception"/>
    public Task<ProcessResult> OutputAsync(IEnumerable<string> arguments, Func<Command, Command> configure, CancellationToken cancellationToken = default) =>
        Command(arguments, configure).OutputAsync(cancellationToken);

    /// <summary>Runs the call and returns what happened, output as bytes.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <inheritdoc cref="ProcessKit.Command.OutputBytesAsync" path="/exception"/>
    public Task<BytesResult> OutputBytesAsync(params string[] arguments) => Command(arguments).OutputBytesAsync();

    /// <summary>Runs the call and returns what happened, output as bytes.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="cancellationToken">Cancels the call: its process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <inheritdoc cref="ProcessKit.Command.OutputBytesAsync" path="/exception"/>
    public Task<BytesResult> OutputBytesAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        Command(arguments).OutputBytesAsync(cancellationToken);

    /// <summary>Runs the call and returns what happened, output as bytes.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="configure">Changes this call only, after the client's defaults; what it sets wins.</param>
    /// <param name="cancellationToken">Cancels the call: its process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="InvalidOperationException"><paramref name="configure"/> returned null.</exception>
    /// <inheritdoc cref="ProcessKit.Command.OutputBytesAsync" path="/exception"/>
    public Task<BytesResult> OutputBytesAsync(IEnumerable<string> arguments, Func<Command, Command> configure, CancellationToken cancellationToken = default) =>
        Command(arguments, configure).OutputBytesAsync(cancellationToken);

    /// <summary>Runs the call and returns its exit code.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <inheritdoc cref="ProcessKit.Command.ExitCodeAsync" path="/exception"/>
    public Task<int> ExitCodeAsync(params string[] arguments) => Command(arguments).ExitCodeAsync();

    /// <summary>Runs the call and returns its exit code.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="cancellationToken">Cancels the call: its process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <inheritdoc cref="ProcessKit.Command.ExitCodeAsync" path="/exception"/>
    public Task<int> ExitCodeAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        Command(arguments).ExitCodeAsync(cancellationToken);

    /// <summary>Runs the call and returns its exit code.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="configure">Changes this call only, after the client's defaults; what it sets wins.</param>
    /// <param name="cancellationToken">Cancels the call: its process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="InvalidOperationException"><paramref name="configure"/> returned null.</exception>
    /// <inheritdoc cref="ProcessKit.Command.ExitCodeAsync" path="/exception"/>
    public Task<int> ExitCodeAsync(IEnumerable<string> arguments, Func<Command, Command> configure, CancellationToken cancellationToken = default) =>
        Command(arguments, configure).ExitCodeAsync(cancellationToken);

    /// <summary>Runs a yes-or-no call: exit 0 is true, 1 is false, anything else throws.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <inheritdoc cref="ProcessKit.Command.ProbeAsync" path="/exception"/>
    public Task<bool> ProbeAsync(params string[] arguments) => Command(arguments).ProbeAsync();

    /// <summary>Runs a yes-or-no call: exit 0 is true, 1 is false, anything else throws.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="cancellationToken">Cancels the call: its process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <inheritdoc cref="ProcessKit.Command.ProbeAsync" path="/exception"/>
    public Task<bool> ProbeAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        Command(arguments).ProbeAsync(cancellationToken);

    /// <summary>Runs a yes-or-no call: exit 0 is true, 1 is false, anything else throws.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="configure">Changes this call only, after the client's defaults; what it sets wins.</param>
    /// <param name="cancellationToken">Cancels the call: its process tree is killed and <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="InvalidOperationException"><paramref name="configure"/> returned null.</exception>
    /// <inheritdoc cref="ProcessKit.Command.ProbeAsync" path="/exception"/>
    public Task<bool> ProbeAsync(IEnumerable<string> arguments, Func<Command, Command> configure, CancellationToken cancellationToken = default) =>
        Command(arguments, configure).ProbeAsync(cancellationToken);

    /// <summary>Starts the call and returns the live process.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <inheritdoc cref="ProcessKit.Command.StartAsync" path="/exception"/>
    public Task<RunningProcess> StartAsync(params string[] arguments) => Command(arguments).StartAsync();

    /// <summary>Starts the call and returns the live process.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="cancellationToken">Cancels the start only.</param>
    /// <inheritdoc cref="ProcessKit.Command.StartAsync" path="/exception"/>
    public Task<RunningProcess> StartAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        Command(arguments).StartAsync(cancellationToken);

    /// <summary>Starts the call and returns the live process.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="configure">Changes this call only, after the client's defaults; what it sets wins.</param>
    /// <param name="cancellationToken">Cancels the start only.</param>
    /// <exception cref="InvalidOperationException"><paramref name="configure"/> returned null.</exception>
    /// <inheritdoc cref="ProcessKit.Command.StartAsync" path="/exception"/>
    public Task<RunningProcess> StartAsync(IEnumerable<string> arguments, Func<Command, Command> configure, CancellationToken cancellationToken = default) =>
        Command(arguments, configure).StartAsync(cancellationToken);

    /// <summary>Synchronous twin of <see cref="RunAsync(string[])"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    public string Run(params string[] arguments) => Command(arguments).Run();

    /// <summary>Synchronous twin of <see cref="RunAsync(IEnumerable{string}, CancellationToken)"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public string Run(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        Command(arguments).Run(cancellationToken);

    /// <summary>Synchronous twin of <see cref="RunAsync(IEnumerable{string}, Func{Command, Command}, CancellationToken)"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="configure">Changes this call only, after the client's defaults; what it sets wins.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="InvalidOperationException"><paramref name="configure"/> returned null.</exception>
    public string Run(IEnumerable<string> arguments, Func<Command, Command> configure, CancellationToken cancellationToken = default) =>
        Command(arguments, configure).Run(cancellationToken);

    /// <summary>Synchronous twin of <see cref="OutputAsync(string[])"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    public ProcessResult Output(params string[] arguments) => Command(arguments).Output();

    /// <summary>Synchronous twin of <see cref="OutputAsync(IEnumerable{string}, CancellationToken)"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public ProcessResult Output(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        Command(arguments).Output(cancellationToken);

    /// <summary>Synchronous twin of <see cref="OutputAsync(IEnumerable{string}, Func{Command, Command}, CancellationToken)"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="configure">Changes this call only, after the client's defaults; what it sets wins.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="InvalidOperationException"><paramref name="configure"/> returned null.</exception>
    public ProcessResult Output(IEnumerable<string> arguments, Func<Command, Command> configure, CancellationToken cancellationToken = default) =>
        Command(arguments, configure).Output(cancellationToken);

    /// <summary>Synchronous twin of <see cref="OutputBytesAsync(string[])"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    public BytesResult OutputBytes(params string[] arguments) => Command(arguments).OutputBytes();

    /// <summary>Synchronous twin of <see cref="OutputBytesAsync(IEnumerable{string}, CancellationToken)"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public BytesResult OutputBytes(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        Command(arguments).OutputBytes(cancellationToken);

    /// <summary>Synchronous twin of <see cref="OutputBytesAsync(IEnumerable{string}, Func{Command, Command}, CancellationToken)"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="configure">Changes this call only, after the client's defaults; what it sets wins.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="InvalidOperationException"><paramref name="configure"/> returned null.</exception>
    public BytesResult OutputBytes(IEnumerable<string> arguments, Func<Command, Command> configure, CancellationToken cancellationToken = default) =>
        Command(arguments, configure).OutputBytes(cancellationToken);

    /// <summary>Synchronous twin of <see cref="ExitCodeAsync(string[])"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    public int ExitCode(params string[] arguments) => Command(arguments).ExitCode();

    /// <summary>Synchronous twin of <see cref="ExitCodeAsync(IEnumerable{string}, CancellationToken)"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public int ExitCode(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        Command(arguments).ExitCode(cancellationToken);

    /// <summary>Synchronous twin of <see cref="ExitCodeAsync(IEnumerable{string}, Func{Command, Command}, CancellationToken)"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="configure">Changes this call only, after the client's defaults; what it sets wins.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="InvalidOperationException"><paramref name="configure"/> returned null.</exception>
    public int ExitCode(IEnumerable<string> arguments, Func<Command, Command> configure, CancellationToken cancellationToken = default) =>
        Command(arguments, configure).ExitCode(cancellationToken);

    /// <summary>Synchronous twin of <see cref="ProbeAsync(string[])"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    public bool Probe(params string[] arguments) => Command(arguments).Probe();

    /// <summary>Synchronous twin of <see cref="ProbeAsync(IEnumerable{string}, CancellationToken)"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public bool Probe(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        Command(arguments).Probe(cancellationToken);

    /// <summary>Synchronous twin of <see cref="ProbeAsync(IEnumerable{string}, Func{Command, Command}, CancellationToken)"/>: blocks the calling thread, same results and exceptions.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="configure">Changes this call only, after the client's defaults; what it sets wins.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="InvalidOperationException"><paramref name="configure"/> returned null.</exception>
    public bool Probe(IEnumerable<string> arguments, Func<Command, Command> configure, CancellationToken cancellationToken = default) =>
        Command(arguments, configure).Probe(cancellationToken);
}

using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Text;

namespace ProcessKit;

/// <summary>
/// An immutable description of a process to run: program, arguments, working directory,
/// environment, input, output, limits and timeout. Every <c>With...</c> method returns a new
/// command and leaves this one unchanged, so a command can be shared and reused freely.
/// Arguments are passed to the program as an array, never through a shell.
/// </summary>
/// <remarks>
/// Run a command with a verb named by what it returns: <see cref="RunAsync"/> (trimmed standard
/// output, throws on failure), <see cref="OutputAsync"/> (a <see cref="ProcessResult"/>, never
/// throws on a non-zero exit), <see cref="OutputBytesAsync"/>, <see cref="ExitCodeAsync"/> and
/// <see cref="ProbeAsync"/>, each with a synchronous twin.
/// </remarks>
public sealed partial class Command
{
    private static readonly ImmutableArray<int> DefaultSuccessExitCodes = [0];

    /// <summary>Creates a command for <paramref name="program"/> with <paramref name="arguments"/>.</summary>
    /// <param name="program">
    /// A program name looked up on <c>PATH</c> when run, or a path (anything containing a directory
    /// separator is used as is, relative paths against the working directory).
    /// </param>
    /// <param name="arguments">The arguments, each passed verbatim.</param>
    /// <exception cref="ArgumentException">The program is empty, or the program or an argument contains a NUL character.</exception>
    public Command(string program, params IEnumerable<string> arguments)
    {
        CommandValidation.ThrowIfInvalidProgram(program, nameof(program));
        ArgumentNullException.ThrowIfNull(arguments);
        var args = arguments.ToImmutableArray();
        CommandValidation.ThrowIfInvalidArguments(args, nameof(arguments));
        Program = program;
        Arguments = args;
    }

    /// <summary>The program, as given.</summary>
    public string Program { get; }

    /// <summary>The arguments, as given.</summary>
    public IReadOnlyList<string> Arguments { get; private set; }

    /// <summary>The working directory, or null for this process's current directory.</summary>
    public string? WorkingDirectory { get; private set; }

    /// <summary>What the child reads on standard input; <see cref="StandardInput.None"/> by default.</summary>
    public StandardInput StandardInput { get; private set; } = StandardInput.None;

    /// <summary>Where standard output goes; <see cref="OutputTarget.Capture"/> by default.</summary>
    public OutputTarget StandardOutput { get; private set; } = OutputTarget.Capture;

    /// <summary>Where standard error goes; <see cref="OutputTarget.Capture"/> by default.</summary>
    public OutputTarget StandardError { get; private set; } = OutputTarget.Capture;

    /// <summary>The bound on captured output per stream, or null for none.</summary>
    public OutputLimit? OutputLimit { get; private set; }

    /// <summary>The encoding of text input and output; UTF-8 by default. Invalid bytes decode to U+FFFD, never an exception.</summary>
    public Encoding Encoding { get; private set; } = DefaultEncoding;

    /// <summary>How long the process may run before its whole tree is stopped, or null for no limit.</summary>
    public TimeSpan? Timeout { get; private set; }

    /// <summary>
    /// At the timeout the tree receives SIGTERM and, this long after, SIGKILL. Zero (the default)
    /// sends SIGKILL at once.
    /// </summary>
    public TimeSpan TimeoutGrace { get; private set; }

    /// <summary>The exit codes that count as success; 0 by default.</summary>
    public IReadOnlyList<int> SuccessExitCodes { get; private set; } = DefaultSuccessExitCodes;

    /// <summary>The clock used for the timeout; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; private set; } = TimeProvider.System;

    /// <summary>
    /// The environment variables this command sets (name and value) or removes (name and null),
    /// on top of its base environment (see <see cref="ClearsEnvironment"/>). Names compare as the
    /// platform does: exactly on Linux and macOS, ignoring case on Windows.
    /// </summary>
    public IReadOnlyDictionary<string, string?> EnvironmentChanges => Environment.Changes;

    /// <summary>
    /// True when the child starts from an empty environment (<see cref="WithClearedEnvironment"/>,
    /// or <see cref="InheritEnvironment"/> with <see cref="InheritedEnvironmentNames"/>) instead of
    /// this process's.
    /// </summary>
    public bool ClearsEnvironment => Environment.ClearParent;

    /// <summary>The names copied from this process's environment when the command runs (<see cref="InheritEnvironment"/>); empty otherwise.</summary>
    public IReadOnlyList<string> InheritedEnvironmentNames => Environment.InheritedNames;

    // The environment stays a recipe applied at spawn, never a copy of this process's (which may hold secrets).
    internal EnvironmentSpec Environment { get; private set; } = EnvironmentSpec.Inherit;

    /// <summary>The identity the child runs as, or null for this process's own.</summary>
    internal Credentials? Credentials { get; private set; }

    /// <summary>True when the child is killed if this process dies (<see cref="KillOnParentDeath"/>).</summary>
    public bool KillsOnParentDeath { get; private set; }

    /// <summary>
    /// The runner this command's verbs go through, or null for <see cref="ProcessRunner.Current"/>
    /// (the ambient <see cref="ProcessRunnerScope"/>, else the real runner).
    /// </summary>
    public IProcessRunner? Runner { get; private set; }

    /// <summary>True when the standard input stays open for a conversation (<see cref="KeepStandardInputOpen"/>).</summary>
    public bool KeepsStandardInputOpen => StandardInput.Kind == StandardInputKind.KeptOpen;

    /// <summary>How many unread lines a started process keeps per stream, and what happens beyond; see <see cref="WithUnreadLineBuffer"/>.</summary>
    public UnreadLineBuffer UnreadLines { get; private set; } = UnreadLineBuffer.Default;

    private static Encoding DefaultEncoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Returns a copy with <paramref name="arguments"/> replacing the current arguments.</summary>
    /// <exception cref="ArgumentException">An argument is null or contains a NUL character.</exception>
    [Pure]
    public Command WithArguments(params IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var args = arguments.ToImmutableArray();
        CommandValidation.ThrowIfInvalidArguments(args, nameof(arguments));
        return With(c => c.Arguments = args);
    }

    /// <summary>Returns a copy with <paramref name="arguments"/> appended to the current arguments.</summary>
    /// <exception cref="ArgumentException">An argument is null or contains a NUL character.</exception>
    public Command AddArguments(params IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var args = arguments.ToImmutableArray();
        CommandValidation.ThrowIfInvalidArguments(args, nameof(arguments));
        return With(c => c.Arguments = [.. c.Arguments, .. args]);
    }

    /// <summary>
    /// Returns a copy that runs in <paramref name="directory"/>. The directory must exist when the
    /// command runs, or the verb throws <see cref="WorkingDirectoryNotFoundException"/>
    /// (<see cref="WorkingDirectoryNotADirectoryException"/> when the path is a file).
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty or contains a NUL character.</exception>
    [Pure]
    public Command WithWorkingDirectory(string directory)
    {
        CommandValidation.ThrowIfInvalidPath(directory, nameof(directory));
        var full = Path.GetFullPath(directory);
        return With(c => c.WorkingDirectory = full);
    }

    /// <summary>Returns a copy that sets environment variable <paramref name="name"/> to <paramref name="value"/> in the child.</summary>
    /// <exception cref="ArgumentException">The name is empty or contains '=' or NUL, or the value contains NUL.</exception>
    [Pure]
    public Command WithEnvironment(string name, string value)
    {
        CommandValidation.ThrowIfInvalidVariableName(name, nameof(name));
        CommandValidation.ThrowIfInvalidVariableValue(name, value, nameof(value));
        return With(c => c.Environment = c.Environment.Set(name, value));
    }

    /// <summary>Returns a copy that sets each of <paramref name="variables"/> in the child.</summary>
    /// <exception cref="ArgumentException">A name is empty or contains '=' or NUL, or a value contains NUL.</exception>
    [Pure]
    public Command WithEnvironment(IEnumerable<KeyValuePair<string, string>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var spec = Environment;
        foreach (var (name, value) in variables)
        {
            CommandValidation.ThrowIfInvalidVariableName(name, nameof(variables));
            CommandValidation.ThrowIfInvalidVariableValue(name, value, nameof(variables));
            spec = spec.Set(name, value);
        }

        return With(c => c.Environment = spec);
    }

    /// <summary>Returns a copy whose child does not have environment variable <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty or contains '=' or NUL.</exception>
    public Command WithoutEnvironment(string name)
    {
        CommandValidation.ThrowIfInvalidVariableName(name, nameof(name));
        return With(c => c.Environment = c.Environment.Remove(name));
    }

    /// <summary>
    /// Returns a copy whose child starts from an empty environment instead of this process's;
    /// variables set before this call are dropped, variables set after it are kept.
    /// </summary>
    [Pure]
    public Command WithClearedEnvironment() => With(c => c.Environment = c.Environment.Clear());

    /// <summary>
    /// Returns a copy whose child starts from an empty environment and receives only the variables
    /// named in <paramref name="names"/>, copied from this process's environment when the command runs
    /// (a name this process does not have is skipped). Variables set after this call are added.
    /// </summary>
    /// <exception cref="ArgumentException">A name is empty or contains '=' or NUL.</exception>
    public Command InheritEnvironment(params IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var list = names.ToImmutableArray();
        foreach (var name in list)
        {
            CommandValidation.ThrowIfInvalidVariableName(name, nameof(names));
        }

        return With(c => c.Environment = c.Environment.InheritOnly(list));
    }

    /// <summary>Returns a copy whose child reads <paramref name="input"/> on standard input.</summary>
    [Pure]
    public Command WithStandardInput(StandardInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return With(c => c.StandardInput = input);
    }

    /// <summary>Returns a copy whose child reads <paramref name="text"/> on standard input.</summary>
    [Pure]
    public Command WithStandardInput(string text) => WithStandardInput(StandardInput.FromString(text));

    /// <summary>Returns a copy whose standard output goes to <paramref name="target"/>.</summary>
    [Pure]
    public Command WithStandardOutput(OutputTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return With(c => c.StandardOutput = target);
    }

    /// <summary>Returns a copy whose standard error goes to <paramref name="target"/>.</summary>
    [Pure]
    public Command WithStandardError(OutputTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return With(c => c.StandardError = target);
    }

    /// <summary>Returns a copy that bounds the captured output of each stream by <paramref name="limit"/> (null: no bound).</summary>
    [Pure]
    public Command WithOutputLimit(OutputLimit? limit) => With(c => c.OutputLimit = limit);

    /// <summary>Returns a copy that encodes and decodes text with <paramref name="encoding"/>. Invalid bytes still decode to U+FFFD.</summary>
    [Pure]
    public Command WithEncoding(Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        var replacing = (Encoding)encoding.Clone();
        replacing.DecoderFallback = new DecoderReplacementFallback("\uFFFD");
        return With(c => c.Encoding = replacing);
    }

    /// <summary>
    /// Returns a copy that stops the whole process tree after <paramref name="timeout"/>: SIGTERM,
    /// then SIGKILL after <paramref name="grace"/> (no grace: SIGKILL at once). The result then
    /// reports <see cref="ProcessOutcome.TimedOut"/>. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> removes the timeout.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The timeout is zero, negative (other than infinite) or longer than about 49.7 days (the
    /// longest wait a timer takes), or the grace is negative or longer than that.
    /// </exception>
    [Pure]
    public Command WithTimeout(TimeSpan timeout, TimeSpan grace = default)
    {
        var value = CommandValidation.Timeout(timeout, grace);
        return With(c =>
        {
            c.Timeout = value;
            c.TimeoutGrace = grace;
        });
    }

    /// <summary>Returns a copy for which the exit codes in <paramref name="codes"/> count as success.</summary>
    /// <exception cref="ArgumentException">No code is given.</exception>
    [Pure]
    public Command WithSuccessExitCodes(params IEnumerable<int> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var list = codes.Distinct().ToImmutableArray();
        if (list.IsEmpty)
        {
            throw new ArgumentException("At least one success exit code is needed.", nameof(codes));
        }

        return With(c => c.SuccessExitCodes = list);
    }

    /// <summary>
    /// Returns a copy whose child runs as user <paramref name="userId"/> and group
    /// <paramref name="groupId"/>, with exactly <paramref name="supplementaryGroups"/> as its other
    /// groups (none when empty). This process must be allowed to switch (root, or CAP_SETUID and
    /// CAP_SETGID). Linux only for now: the switch is made by <c>setpriv</c> (util-linux) between
    /// the spawn and the program, after the child has joined its container.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is negative.</exception>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    [Pure]
    public Command WithUser(int userId, int groupId, params IEnumerable<int> supplementaryGroups)
    {
        ThrowIfNotLinux("Running a process as another user");
        ArgumentOutOfRangeException.ThrowIfNegative(userId);
        ArgumentOutOfRangeException.ThrowIfNegative(groupId);
        ArgumentNullException.ThrowIfNull(supplementaryGroups);
        var groups = supplementaryGroups.ToImmutableArray();
        foreach (var group in groups)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(group, nameof(supplementaryGroups));
        }

        return With(c => c.Credentials = new Credentials(userId, groupId, groups, InitGroupsFor: null));
    }

    /// <summary>
    /// Returns a copy whose child runs as the user named <paramref name="userName"/>, with that
    /// user's primary group and the supplementary groups the system gives it (like a login).
    /// The name is looked up now. See <see cref="WithUser(int, int, IEnumerable{int})"/>.
    /// </summary>
    /// <exception cref="ArgumentException">There is no such user, or the name is empty or contains NUL.</exception>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    [Pure]
    public Command WithUser(string userName)
    {
        ThrowIfNotLinux("Running a process as another user");
        CommandValidation.ThrowIfInvalidPath(userName, nameof(userName));
        var credentials = ProcessKit.Credentials.ForUser(userName, nameof(userName));
        return With(c => c.Credentials = credentials);
    }

    /// <summary>
    /// Returns a copy whose child is sent SIGKILL by the kernel if this process dies, even by
    /// SIGKILL (<c>PR_SET_PDEATHSIG</c>, set by <c>setpriv</c> before the program runs). It reaches
    /// the direct child only, not its descendants (containers and the watchdog cover those), and
    /// is cleared if the program is set-user-ID. The kernel ties it to the spawning thread, so such
    /// children are spawned from a thread that lives as long as this process. Linux only for now.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    public Command KillOnParentDeath()
    {
        ThrowIfNotLinux("Killing a child when its parent dies");
        return With(c => c.KillsOnParentDeath = true);
    }

    /// <summary>Returns a copy whose timeout is measured on <paramref name="timeProvider"/> (for tests of timeouts without real waiting).</summary>
    [Pure]
    public Command WithTimeProvider(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return With(c => c.TimeProvider = timeProvider);
    }

    /// <summary>The command line, quoted for reading, with secret-looking argument values redacted.</summary>
    public override string ToString() => CommandLineFormatter.Format(Program, Arguments);

    private static void ThrowIfNotLinux(string feature)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException($"{feature} is supported on Linux only (through setpriv from util-linux).");
        }
    }

    /// <summary>
    /// Returns a copy whose verbs run through <paramref name="runner"/>: a <see cref="ProcessGroup"/>,
    /// a test double, or any other <see cref="IProcessRunner"/>. It wins over an ambient
    /// <see cref="ProcessRunnerScope"/>.
    /// </summary>
    [Pure]
    public Command WithRunner(IProcessRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return With(c => c.Runner = runner);
    }

    /// <summary>
    /// Returns a copy whose standard input stays open for a conversation: after
    /// <see cref="StartAsync"/>, write to <see cref="RunningProcess.StandardInput"/> and close it when
    /// done (disposing the process closes it too). The one-shot verbs, which cannot write, give the
    /// child end-of-file at once.
    /// </summary>
    public Command KeepStandardInputOpen() => With(c => c.StandardInput = StandardInput.KeptOpen);

    /// <summary>
    /// Returns a copy whose started process keeps at most <paramref name="capacity"/> unread lines
    /// per stream for <see cref="RunningProcess.StandardOutputLines"/>,
    /// <see cref="RunningProcess.StandardErrorLines"/> and <see cref="RunningProcess.Output"/>, and
    /// applies <paramref name="whenFull"/> beyond. The pipes are drained regardless, so a child
    /// never blocks on output nobody reads.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1, or <paramref name="whenFull"/> is not defined.</exception>
    [Pure]
    public Command WithUnreadLineBuffer(int capacity, UnreadLinePolicy whenFull)
    {
        var buffer = new UnreadLineBuffer(capacity, whenFull);
        return With(c => c.UnreadLines = buffer);
    }

    private Command With(Action<Command> change)
    {
        var copy = (Command)MemberwiseClone();
        change(copy);
        return copy;
    }
}

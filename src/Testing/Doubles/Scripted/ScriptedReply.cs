namespace ProcessKit.Testing;

/// <summary>
/// What a <see cref="ScriptedRunner"/> rule answers a command with. Every reply serves every
/// primitive: <see cref="IProcessRunner.OutputAsync"/> gets a <see cref="ProcessResult"/>,
/// <see cref="IProcessRunner.OutputBytesAsync"/> the same as bytes (text is encoded in the command's
/// encoding), and <see cref="IProcessRunner.StartAsync"/> a <see cref="ScriptedProcess"/> that writes
/// the output as lines (standard output first) and ends the same way. Results carry the command's
/// program, arguments and success exit codes, so <c>EnsureSuccess</c>, <c>RunAsync</c>,
/// <c>ExitCodeAsync</c> and <c>ProbeAsync</c> behave exactly as with a real process.
/// </summary>
public abstract class ScriptedReply
{
    private protected ScriptedReply()
    {
    }

    /// <summary>Exits with code 0 after writing <paramref name="standardOutput"/> and <paramref name="standardError"/>.</summary>
    /// <param name="standardOutput">Standard output, as written (add the <c>\n</c> a real tool would end with if the code under test expects it).</param>
    /// <param name="standardError">Standard error.</param>
    /// <exception cref="ArgumentNullException">A text is null.</exception>
    public static ScriptedReply Success(string standardOutput = "", string standardError = "") =>
        CannedReply.Text(standardOutput, standardError, exitCode: 0);

    /// <summary>Exits with <paramref name="exitCode"/> after writing <paramref name="standardError"/> and <paramref name="standardOutput"/>.</summary>
    /// <param name="exitCode">The exit code; it fails unless the command counts it as success (<see cref="Command.WithSuccessExitCodes"/>).</param>
    /// <param name="standardError">Standard error.</param>
    /// <param name="standardOutput">Standard output.</param>
    /// <exception cref="ArgumentNullException">A text is null.</exception>
    public static ScriptedReply Failure(int exitCode, string standardError = "", string standardOutput = "") =>
        CannedReply.Text(standardOutput, standardError, exitCode);

    /// <summary>
    /// Exits with <paramref name="exitCode"/> after writing these exact bytes: what
    /// <see cref="IProcessRunner.OutputBytesAsync"/> returns unchanged, and what the text verbs decode
    /// in the command's encoding (invalid bytes become U+FFFD, as with a real process).
    /// </summary>
    /// <param name="standardOutput">Standard output.</param>
    /// <param name="standardError">Standard error.</param>
    /// <param name="exitCode">The exit code.</param>
    public static ScriptedReply Bytes(ReadOnlyMemory<byte> standardOutput, ReadOnlyMemory<byte> standardError = default, int exitCode = 0) =>
        CannedReply.Raw(standardOutput, standardError, exitCode);

    /// <summary>
    /// Ends as if the command's timeout had expired, at once, after writing what is given: the
    /// result has <see cref="ProcessOutcome.TimedOut"/>, no exit code, and the command's timeout as
    /// its duration. For a run that lasts until the command's real timeout, use <see cref="Pending"/>.
    /// </summary>
    /// <param name="standardOutput">Output written before the stop.</param>
    /// <param name="standardError">Standard error written before the stop.</param>
    /// <exception cref="ArgumentNullException">A text is null.</exception>
    public static ScriptedReply TimedOut(string standardOutput = "", string standardError = "") =>
        CannedReply.Text(standardOutput, standardError, exitCode: null, timedOut: true);

    /// <summary>Is killed by <paramref name="signal"/> after writing what is given: no exit code, <see cref="ProcessOutcome.Signal"/> set.</summary>
    /// <param name="signal">The signal number, at least 1 (9 is SIGKILL, 15 SIGTERM, 11 SIGSEGV).</param>
    /// <param name="standardOutput">Output written before the signal.</param>
    /// <param name="standardError">Standard error written before the signal.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signal"/> is less than 1.</exception>
    public static ScriptedReply KilledBy(int signal, string standardOutput = "", string standardError = "")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(signal, 1);
        return CannedReply.Text(standardOutput, standardError, exitCode: null, signal: signal);
    }

    /// <summary>
    /// The program does not exist: every primitive throws <see cref="ProcessNotFoundException"/> as
    /// the real runner does (the searched paths are the command's <c>PATH</c>, or this process's).
    /// </summary>
    public static ScriptedReply NotFound() => FailingReply.NotFoundReply;

    /// <summary>The program may not be executed: every primitive throws <see cref="ProcessPermissionException"/> as the real runner does.</summary>
    public static ScriptedReply PermissionDenied() => FailingReply.PermissionDeniedReply;

    /// <summary>
    /// Never ends by itself. A one-shot verb waits until its token is cancelled
    /// (<see cref="OperationCanceledException"/>) or the command's <see cref="Command.Timeout"/>
    /// expires on the command's clock (a timed-out result, as with a real hung process); a started
    /// process runs until it is stopped or times out.
    /// </summary>
    public static ScriptedReply Pending() => new PlayedReply(new ProcessScript { Exit = ScriptedExit.WhenStopped }, "pending until cancelled or timed out");

    /// <summary>
    /// Writes <paramref name="lines"/>, each after its delay on the command's clock, then ends with
    /// <paramref name="exit"/>. A started process streams them as they come; a one-shot verb returns
    /// when the last has come (so with a manual clock, advance it). The command's timeout applies.
    /// </summary>
    /// <param name="lines">The lines (see <see cref="ScriptedLine.Out"/>, <see cref="ScriptedLine.After"/>).</param>
    /// <param name="exit">How it ends; exit code 0 when null.</param>
    /// <exception cref="ArgumentException">A line is null.</exception>
    public static ScriptedReply Streamed(IEnumerable<ScriptedLine> lines, ScriptedExit? exit = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var list = lines.ToArray();
        if (Array.IndexOf(list, null) is var index and >= 0)
        {
            throw new ArgumentException($"Line {index + 1} is null.", nameof(lines));
        }

        return new PlayedReply(new ProcessScript { Lines = list, Exit = exit ?? ScriptedExit.WithCode(0) }, $"{list.Length} streamed lines");
    }

    /// <summary>
    /// A conversation on standard input: writes <paramref name="prompt"/> (when given), then answers
    /// each line it reads with the lines <paramref name="answer"/> returns, and exits with
    /// <paramref name="exitCode"/> when its input closes. A started process reads what the caller
    /// writes (<see cref="Command.KeepStandardInputOpen"/>); a one-shot verb reads the command's text
    /// or bytes input, line by line, and its output holds the prompt and the answers.
    /// </summary>
    /// <param name="answer">Answers one input line (without its terminator); may return no lines.</param>
    /// <param name="prompt">A line written at the start, or null.</param>
    /// <param name="exitCode">The exit code once the input is closed.</param>
    public static ScriptedReply Dialog(Func<string, IEnumerable<string>> answer, string? prompt = null, int exitCode = 0)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new PlayedReply(
            new ProcessScript
            {
                Lines = prompt is null ? [] : [ScriptedLine.Out(prompt)],
                Dialog = answer,
                Exit = ScriptedExit.WhenInputCloses(exitCode),
            },
            "a dialog");
    }

    /// <summary>
    /// A conversation by table: each input line found in <paramref name="answers"/> is answered with
    /// its value (one line); other lines get no answer. Otherwise as <see cref="Dialog(Func{string, IEnumerable{string}}, string?, int)"/>.
    /// </summary>
    /// <param name="answers">Input line → answer line. Copied.</param>
    /// <param name="prompt">A line written at the start, or null.</param>
    /// <param name="exitCode">The exit code once the input is closed.</param>
    public static ScriptedReply Dialog(IReadOnlyDictionary<string, string> answers, string? prompt = null, int exitCode = 0)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var table = answers.ToDictionary(StringComparer.Ordinal);
        return Dialog(line => table.TryGetValue(line, out var reply) ? [reply] : [], prompt, exitCode);
    }

    /// <summary>Plays <paramref name="script"/> (lines with delays, a dialog, any end): the most general reply.</summary>
    /// <param name="script">What the process does.</param>
    public static ScriptedReply Script(ProcessScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return new PlayedReply(script, "a script");
    }

    /// <summary>
    /// Computes the reply from the command at each call (to echo an argument, or to answer by the
    /// working directory). The callback may run on any thread, concurrently; its exception is what
    /// the primitive throws, and a null reply throws <see cref="InvalidOperationException"/>.
    /// </summary>
    /// <param name="compute">Returns the reply for a command.</param>
    public static ScriptedReply Computed(Func<Command, ScriptedReply> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        return new ComputedReply(compute);
    }

    /// <summary>Every primitive throws <paramref name="exception"/> (the same instance each time).</summary>
    /// <param name="exception">The exception.</param>
    public static ScriptedReply Throws(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new FailingReply(_ => exception, exception.GetType().Name);
    }

    /// <summary>Every primitive throws the exception <paramref name="create"/> makes for the command.</summary>
    /// <param name="create">Makes the exception.</param>
    public static ScriptedReply Throws(Func<Command, Exception> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return new FailingReply(create, "an exception");
    }

    /// <summary>Describes the reply for messages.</summary>
    public abstract override string ToString();

    /// <summary>Answers <see cref="IProcessRunner.OutputAsync"/>.</summary>
    internal abstract Task<ProcessResult> OutputAsync(Command command, CancellationToken cancellationToken);

    /// <summary>Answers <see cref="IProcessRunner.OutputBytesAsync"/>.</summary>
    internal abstract Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken);

    /// <summary>Answers <see cref="IProcessRunner.StartAsync"/>.</summary>
    internal abstract Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken);
}

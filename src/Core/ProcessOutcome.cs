using System.Diagnostics.CodeAnalysis;

namespace ProcessKit;

/// <summary>
/// What happened when a process ran: how it ended and how long it took. A non-zero exit or a
/// timeout is data here; <c>EnsureSuccess()</c> turns it into an exception when the caller
/// wants one. The output itself is on <see cref="ProcessResult"/> (text) or <see cref="BytesResult"/> (bytes).
/// No result ever holds environment values.
/// </summary>
public abstract class ProcessOutcome
{
    /// <summary>An outcome set by an object initializer.</summary>
    protected ProcessOutcome()
    {
    }

    /// <summary>
    /// An outcome with the command and the end of <paramref name="status"/>: program, arguments,
    /// exit code, signal, timeout, lost status, truncation, duration and success codes. The one
    /// place a result is built from another; a derived result adds its output.
    /// </summary>
    /// <param name="status">The outcome to copy.</param>
    [SetsRequiredMembers]
    private protected ProcessOutcome(ProcessOutcome status)
    {
        ArgumentNullException.ThrowIfNull(status);
        Program = status.Program;
        Arguments = status.Arguments;
        ExitCode = status.ExitCode;
        Signal = status.Signal;
        KilledByMemoryLimit = status.KilledByMemoryLimit;
        TimedOut = status.TimedOut;
        ExitStatusUnknown = status.ExitStatusUnknown;
        StandardOutputTruncated = status.StandardOutputTruncated;
        StandardErrorTruncated = status.StandardErrorTruncated;
        Duration = status.Duration;
        SuccessExitCodes = status.SuccessExitCodes;
    }

    /// <summary>The program, as the command gave it.</summary>
    public required string Program { get; init; }

    /// <summary>The arguments, as the command gave them.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>The exit code, or null when the process was killed by a signal, timed out, or its status was lost.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The signal that ended the process, or null if it exited on its own.</summary>
    public int? Signal { get; init; }

    /// <summary>
    /// True when the process was killed (SIGKILL) while the kernel's OOM killer acted in its tree
    /// because a cgroup memory limit was reached: a <see cref="ProcessGroup"/>'s
    /// <see cref="ResourceLimits.MaxMemoryBytes"/>, or a limit above it. Only a member of a group with
    /// a memory limit on a cgroup (v2, or v1 on a hybrid host) can say so; elsewhere it is false.
    /// The group counts such kills in <see cref="ProcessGroupStats.OomKills"/>.
    /// </summary>
    public bool KilledByMemoryLimit { get; init; }

    /// <summary>True when the command's timeout expired and the process tree was stopped.</summary>
    public bool TimedOut { get; init; }

    /// <summary>
    /// True when the exit status could not be learned: when this .NET process is PID 1 (a
    /// container without an init) the runtime reaps every child before we can. Run containers with <c>--init</c>.
    /// </summary>
    public bool ExitStatusUnknown { get; init; }

    /// <summary>True when standard output was cut by the command's <see cref="OutputLimit"/>.</summary>
    public bool StandardOutputTruncated { get; init; }

    /// <summary>True when standard error was cut by the command's <see cref="OutputLimit"/>.</summary>
    public bool StandardErrorTruncated { get; init; }

    /// <summary>True when either stream was cut by the command's <see cref="OutputLimit"/>.</summary>
    public bool Truncated => StandardOutputTruncated || StandardErrorTruncated;

    /// <summary>Wall-clock time from spawn until the process had exited and its output was drained.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The exit codes that count as success (from the command; 0 by default).</summary>
    public IReadOnlyList<int> SuccessExitCodes { get; init; } = [0];

    /// <summary>True when the process exited by itself, in time, with a success exit code.</summary>
    public bool IsSuccess => !TimedOut && ExitCode is { } code && SuccessExitCodes.Contains(code);

    /// <summary>Standard error when it has text, else standard output: what to show a person when the process failed.</summary>
    public abstract string Diagnostic { get; }

    /// <summary>The command line, with secret-looking values redacted.</summary>
    public string CommandLine => CommandLineFormatter.Format(Program, Arguments);

    /// <summary>
    /// A short description of how the process ended ("exited with code 2", "killed by signal 9",
    /// "timed out").
    /// </summary>
    public string Status => this switch
    {
        { TimedOut: true } => "timed out",
        { ExitStatusUnknown: true } => "ended with an unknown status (reaped by another process)",
        { KilledByMemoryLimit: true, Signal: { } killed } => $"killed by signal {killed} ({SignalNames.Describe(killed)}): out of memory, the cgroup memory limit was reached",
        { Signal: { } signal } => $"killed by signal {signal} ({SignalNames.Describe(signal)})",
        { ExitCode: { } code } => $"exited with code {code}",
        _ => "ended",
    };

    /// <summary>Throws unless <see cref="IsSuccess"/>; the typed twins are <c>EnsureSuccess()</c> on each result.</summary>
    internal void ThrowIfFailed()
    {
        if (TimedOut)
        {
            throw new ProcessTimeoutException(this);
        }

        if (!IsSuccess)
        {
            throw new ProcessExitException(this);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{CommandLine}: {Status} after {Duration.TotalMilliseconds:0.#} ms");

    /// <summary>Standard error unless it is blank, else standard output.</summary>
    private protected static string ChooseDiagnostic(string standardError, string standardOutput) =>
        string.IsNullOrWhiteSpace(standardError) ? standardOutput : standardError;

    /// <summary>The last lines of standard error (for exception fields), or null if there was none.</summary>
    internal abstract string? StandardErrorText { get; }
}

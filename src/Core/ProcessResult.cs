using System.Diagnostics.CodeAnalysis;

namespace ProcessKit;

/// <summary>The outcome of a process with its output decoded as text (see <see cref="Command.Encoding"/>).</summary>
public sealed class ProcessResult : ProcessOutcome
{
    /// <summary>A result set by an object initializer.</summary>
    public ProcessResult()
    {
    }

    /// <summary>A result with <paramref name="status"/>'s command and end, and this output.</summary>
    [SetsRequiredMembers]
    internal ProcessResult(ProcessOutcome status, string standardOutput, string standardError)
        : base(status)
    {
        StandardOutput = standardOutput;
        StandardError = standardError;
    }

    /// <summary>Captured standard output ("" when it was not captured).</summary>
    public required string StandardOutput { get; init; }

    /// <summary>Captured standard error ("" when it was not captured).</summary>
    public required string StandardError { get; init; }

    /// <inheritdoc />
    public override string Diagnostic => ChooseDiagnostic(StandardError, StandardOutput);

    internal override string? StandardErrorText => StandardError;

    /// <summary>Returns this result if <see cref="ProcessOutcome.IsSuccess"/>, else throws.</summary>
    /// <exception cref="ProcessTimeoutException">The process timed out.</exception>
    /// <exception cref="ProcessExitException">The process exited with a code not in <see cref="ProcessOutcome.SuccessExitCodes"/>, was killed by a signal, or its status is unknown.</exception>
    public ProcessResult EnsureSuccess()
    {
        ThrowIfFailed();
        return this;
    }
}

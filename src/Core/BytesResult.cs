using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ProcessKit;

/// <summary>The outcome of a process with its output as raw bytes.</summary>
public sealed class BytesResult : ProcessOutcome
{
    /// <summary>A result set by an object initializer.</summary>
    public BytesResult()
    {
    }

    /// <summary>A result with <paramref name="status"/>'s command and end, and this output.</summary>
    [SetsRequiredMembers]
    internal BytesResult(ProcessOutcome status, ReadOnlyMemory<byte> standardOutput, ReadOnlyMemory<byte> standardError, Encoding encoding)
        : base(status)
    {
        StandardOutput = standardOutput;
        StandardError = standardError;
        Encoding = encoding;
    }

    /// <summary>Captured standard output (empty when it was not captured).</summary>
    public required ReadOnlyMemory<byte> StandardOutput { get; init; }

    /// <summary>Captured standard error (empty when it was not captured).</summary>
    public required ReadOnlyMemory<byte> StandardError { get; init; }

    /// <summary>The encoding used to show output as text in <see cref="Diagnostic"/>.</summary>
    public Encoding Encoding { get; init; } = Encoding.UTF8;

    /// <inheritdoc />
    public override string Diagnostic => ChooseDiagnostic(Encoding.GetString(StandardError.Span), Encoding.GetString(StandardOutput.Span));

    internal override string? StandardErrorText => Encoding.GetString(StandardError.Span);

    /// <summary>Returns this result if <see cref="ProcessOutcome.IsSuccess"/>, else throws.</summary>
    /// <exception cref="ProcessTimeoutException">The process timed out.</exception>
    /// <exception cref="ProcessExitException">The process exited with a code not in <see cref="ProcessOutcome.SuccessExitCodes"/>, was killed by a signal, or its status is unknown.</exception>
    public BytesResult EnsureSuccess()
    {
        ThrowIfFailed();
        return this;
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ProcessKit;

/// <summary>
/// What a <see cref="Pipeline"/> produced, output as raw bytes: the twin of
/// <see cref="PipelineResult"/>, with the same choice of the reported stage.
/// </summary>
public sealed class PipelineBytesResult : ProcessOutcome
{
    /// <summary>A result set by an object initializer.</summary>
    public PipelineBytesResult()
    {
    }

    /// <summary>A result with the reported stage's command and end (<paramref name="status"/>), this output and these stages.</summary>
    [SetsRequiredMembers]
    internal PipelineBytesResult(ProcessOutcome status, ReadOnlyMemory<byte> standardOutput, ReadOnlyMemory<byte> standardError, IReadOnlyList<BytesResult> stages, int reportedStageIndex, Encoding encoding)
        : base(status)
    {
        StandardOutput = standardOutput;
        StandardError = standardError;
        Stages = stages;
        ReportedStageIndex = reportedStageIndex;
        Encoding = encoding;
    }

    /// <summary>The last stage's captured standard output (empty when it was not captured).</summary>
    public required ReadOnlyMemory<byte> StandardOutput { get; init; }

    /// <summary>The reported stage's captured standard error (empty when it was not captured).</summary>
    public required ReadOnlyMemory<byte> StandardError { get; init; }

    /// <summary>
    /// Each stage's own result, first to last. A stage before the last has an empty standard
    /// output: it went into the pipe to the next stage.
    /// </summary>
    public required IReadOnlyList<BytesResult> Stages { get; init; }

    /// <summary>The index in <see cref="Stages"/> of the stage whose end this result reports.</summary>
    public required int ReportedStageIndex { get; init; }

    /// <summary>The encoding used to show output as text in <see cref="Diagnostic"/> (the reported stage's).</summary>
    public Encoding Encoding { get; init; } = Encoding.UTF8;

    /// <summary>
    /// The reported stage's standard error as text; when that stage is the last and wrote none,
    /// the standard output.
    /// </summary>
    public override string Diagnostic => ReportedStageIndex == Stages.Count - 1
        ? ChooseDiagnostic(Encoding.GetString(StandardError.Span), Encoding.GetString(StandardOutput.Span))
        : Encoding.GetString(StandardError.Span);

    internal override string? StandardErrorText => Encoding.GetString(StandardError.Span);

    /// <summary>Returns this result if <see cref="ProcessOutcome.IsSuccess"/>, else throws for the reported stage.</summary>
    /// <exception cref="ProcessTimeoutException">The pipeline, or the reported stage, timed out.</exception>
    /// <exception cref="ProcessExitException">The reported stage exited with a code not in its success codes, was killed by a signal, or its status is unknown.</exception>
    public PipelineBytesResult EnsureSuccess()
    {
        ThrowIfFailed();
        return this;
    }

    /// <summary>The reported stage's command line and status, and which stage it is.</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{base.ToString()} (stage {ReportedStageIndex + 1} of {Stages.Count})");
}

using System.Diagnostics.CodeAnalysis;

namespace ProcessKit;

/// <summary>
/// What a <see cref="Pipeline"/> produced, output as text. <see cref="StandardOutput"/> is the
/// last stage's. How it ended (<see cref="ProcessOutcome.ExitCode"/>, <see cref="ProcessOutcome.Signal"/>,
/// <see cref="ProcessOutcome.TimedOut"/>, <see cref="ProcessOutcome.IsSuccess"/>), the program and
/// arguments, and <see cref="StandardError"/> are those of the reported stage
/// (<see cref="ReportedStageIndex"/>): the first stage that did not succeed and is not allowed to
/// fail, otherwise the last stage. Every stage's own result is in <see cref="Stages"/>.
/// </summary>
public sealed class PipelineResult : ProcessOutcome
{
    /// <summary>A result set by an object initializer.</summary>
    public PipelineResult()
    {
    }

    /// <summary>A result with the reported stage's command and end (<paramref name="status"/>), this output and these stages.</summary>
    [SetsRequiredMembers]
    internal PipelineResult(ProcessOutcome status, string standardOutput, string standardError, IReadOnlyList<ProcessResult> stages, int reportedStageIndex)
        : base(status)
    {
        StandardOutput = standardOutput;
        StandardError = standardError;
        Stages = stages;
        ReportedStageIndex = reportedStageIndex;
    }

    /// <summary>The last stage's captured standard output ("" when it was not captured).</summary>
    public required string StandardOutput { get; init; }

    /// <summary>The reported stage's captured standard error ("" when it was not captured).</summary>
    public required string StandardError { get; init; }

    /// <summary>
    /// Each stage's own result, first to last. A stage before the last has an empty standard
    /// output: it went into the pipe to the next stage.
    /// </summary>
    public required IReadOnlyList<ProcessResult> Stages { get; init; }

    /// <summary>The index in <see cref="Stages"/> of the stage whose end this result reports.</summary>
    public required int ReportedStageIndex { get; init; }

    /// <summary>
    /// The reported stage's standard error; when that stage is the last and wrote none, the
    /// standard output (a failing earlier stage's output went to the next stage, not here).
    /// </summary>
    public override string Diagnostic =>
        ReportedStageIndex == Stages.Count - 1 ? ChooseDiagnostic(StandardError, StandardOutput) : StandardError;

    internal override string? StandardErrorText => StandardError;

    /// <summary>Returns this result if <see cref="ProcessOutcome.IsSuccess"/>, else throws for the reported stage.</summary>
    /// <exception cref="ProcessTimeoutException">The pipeline, or the reported stage, timed out.</exception>
    /// <exception cref="ProcessExitException">The reported stage exited with a code not in its success codes, was killed by a signal, or its status is unknown.</exception>
    public PipelineResult EnsureSuccess()
    {
        ThrowIfFailed();
        return this;
    }

    /// <summary>The reported stage's command line and status, and which stage it is.</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{base.ToString()} (stage {ReportedStageIndex + 1} of {Stages.Count})");

    /// <summary>The same outcome as a <see cref="ProcessResult"/>, for a started pipeline's <see cref="RunningProcess.Exited"/>.</summary>
    internal ProcessResult ToProcessResult() => new(this, StandardOutput, StandardError);
}

namespace ProcessKit;

/// <summary>What one run of a pipeline produced, before it is shaped into the result a verb returns.</summary>
internal sealed record PipelineRecord(Pipeline Pipeline, IReadOnlyList<StageEnd> Stages, TimeSpan Duration)
{
    /// <summary>The result with output as text; throws what a one-shot run of a stage would throw (a line handler's failure, an overflow).</summary>
    internal PipelineResult ToPipelineResult()
    {
        var stages = Stages.Select(s => s.ToProcessResult()).ToArray();
        var reported = ReportedStage(stages);
        var shown = stages[reported];
        var last = stages[^1];
        return new PipelineResult(shown, last.StandardOutput, shown.StandardError, stages, reported)
        {
            StandardOutputTruncated = last.StandardOutputTruncated,
            Duration = Duration,
        };
    }

    /// <summary>The result with output as bytes; throws like <see cref="ToPipelineResult"/>.</summary>
    internal PipelineBytesResult ToBytesResult()
    {
        var stages = Stages.Select(s => s.ToBytesResult()).ToArray();
        var reported = ReportedStage(stages);
        var shown = stages[reported];
        var last = stages[^1];
        return new PipelineBytesResult(shown, last.StandardOutput, shown.StandardError, stages, reported, shown.Encoding)
        {
            StandardOutputTruncated = last.StandardOutputTruncated,
            Duration = Duration,
        };
    }

    /// <summary>
    /// Pipefail: the first stage that did not succeed (a code outside its success codes, a signal,
    /// a lost status, a timeout), skipping stages allowed to fail unless they timed out; else the last.
    /// </summary>
    private int ReportedStage(IReadOnlyList<ProcessOutcome> outcomes)
    {
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (!outcomes[i].IsSuccess && (!Pipeline.Stages[i].FailureAllowed || outcomes[i].TimedOut))
            {
                return i;
            }
        }

        return outcomes.Count - 1;
    }
}

namespace ProcessKit;

/// <summary>
/// Pipelines: <c>a | b</c> connects the standard output of <c>a</c> to the standard input of
/// <c>b</c> with a kernel pipe, without a shell; see <see cref="Pipeline"/>.
/// </summary>
public sealed partial class Command
{
    /// <summary>
    /// A pipeline of <paramref name="source"/> then <paramref name="destination"/>: what the first
    /// writes on standard output, the second reads on standard input, through a kernel pipe (no
    /// copy through this process).
    /// </summary>
    /// <param name="source">The first stage. Its standard output must be left as it is (the pipe replaces it).</param>
    /// <param name="destination">The second stage. Its standard input must be left as it is (the pipe replaces it).</param>
    /// <exception cref="ArgumentNullException">A stage is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> sets its own standard output, or <paramref name="destination"/> its own standard input.</exception>
    public static Pipeline operator |(Command source, Command destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        return Pipeline.Join([new PipelineStage(source)], [new PipelineStage(destination)]);
    }

    /// <summary>A pipeline of <paramref name="source"/> then <paramref name="destination"/>; see <see cref="op_BitwiseOr(Command, Command)"/>.</summary>
    /// <param name="source">The first stage.</param>
    /// <param name="destination">The second stage, maybe allowed to fail.</param>
    /// <exception cref="ArgumentNullException">A stage is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> sets its own standard output, or <paramref name="destination"/> its own standard input.</exception>
    public static Pipeline operator |(Command source, PipelineStage destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Pipeline.Join([new PipelineStage(source)], [destination]);
    }

    /// <summary>
    /// This command as a pipeline stage whose failure does not fail the pipeline: a non-zero exit
    /// or a signal (typically SIGPIPE, when a later stage such as <c>head</c> stops reading early)
    /// is skipped when the pipeline picks the stage it reports. A timeout is never skipped. The
    /// last stage cannot be allowed to fail (its exit is the pipeline's); give it more success
    /// codes with <see cref="WithSuccessExitCodes"/> instead.
    /// </summary>
    /// <example><c>new Command("yes").AllowFailureInPipeline() | new Command("head", "-n", "3")</c></example>
    public PipelineStage AllowFailureInPipeline() => new(this, failureAllowed: true);
}

using System.Collections.Immutable;
using System.Diagnostics.Contracts;

namespace ProcessKit;

/// <summary>
/// Commands connected output to input, without a shell: <c>a | b | c</c>. An immutable value like
/// <see cref="Command"/>: <c>pipeline | command</c> and the <c>With...</c> methods return a new
/// pipeline. It has every verb of <see cref="Command"/>, with the same results and exceptions.
/// </summary>
/// <remarks>
/// <para>
/// Run by the real runner (or in a <see cref="ProcessGroup"/>), the stages are connected by kernel
/// pipes: the bytes between two stages never pass through this process. Every stage's standard
/// error is captured separately; the first stage reads the first command's
/// <see cref="Command.StandardInput"/>, the last writes where the last command's
/// <see cref="Command.StandardOutput"/> says. All stages live in one container, so cancellation,
/// the pipeline's timeout and disposal stop every stage and everything each stage started.
/// </para>
/// <para>
/// Pipefail: standard output is the last stage's; the exit code, signal, timeout, standard error
/// and program reported are those of the first stage that did not succeed and is not allowed to
/// fail (<see cref="Command.AllowFailureInPipeline"/>), otherwise the last stage's. Every stage's
/// own result is in <see cref="PipelineResult.Stages"/>.
/// </para>
/// </remarks>
public sealed partial class Pipeline
{
    // Boxed once here, not on every read of Stages.
    private readonly IReadOnlyList<PipelineStage> _stages;

    private Pipeline(ImmutableArray<PipelineStage> stages) => _stages = stages;

    /// <summary>The stages, first to last; always at least two.</summary>
    public IReadOnlyList<PipelineStage> Stages => _stages;

    /// <summary>How long the whole pipeline may run before every stage's tree is stopped, or null for no limit.</summary>
    public TimeSpan? Timeout { get; private set; }

    /// <summary>At the timeout every stage still running gets SIGTERM and, this long after, SIGKILL. Zero (the default) sends SIGKILL at once.</summary>
    public TimeSpan TimeoutGrace { get; private set; }

    /// <summary>The clock for the pipeline's timeout and grace; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; private set; } = TimeProvider.System;

    /// <summary>A pipeline of this one then <paramref name="destination"/>.</summary>
    /// <param name="source">The pipeline so far.</param>
    /// <param name="destination">The stage to append. Its standard input must be left as it is (the pipe replaces it).</param>
    /// <exception cref="ArgumentNullException">An operand is null.</exception>
    /// <exception cref="ArgumentException">The last stage so far sets its own standard output, or <paramref name="destination"/> its own standard input.</exception>
    public static Pipeline operator |(Pipeline source, Command destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return source | new PipelineStage(destination);
    }

    /// <summary>A pipeline of this one then <paramref name="destination"/>.</summary>
    /// <param name="source">The pipeline so far.</param>
    /// <param name="destination">The stage to append, maybe allowed to fail.</param>
    /// <exception cref="ArgumentNullException">An operand is null.</exception>
    /// <exception cref="ArgumentException">The last stage so far sets its own standard output, or <paramref name="destination"/> its own standard input.</exception>
    public static Pipeline operator |(Pipeline source, PipelineStage destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        var joined = Join(source._stages, [destination]);
        return joined.With(p =>
        {
            p.Timeout = source.Timeout;
            p.TimeoutGrace = source.TimeoutGrace;
            p.TimeProvider = source.TimeProvider;
        });
    }

    /// <summary>
    /// Returns a copy whose whole run is bounded by <paramref name="timeout"/>, measured from the
    /// spawn of the stages: then every stage still running is stopped with its tree (SIGTERM, and
    /// SIGKILL after <paramref name="grace"/>; no grace: SIGKILL at once) and counts as timed out.
    /// A stage's own <see cref="Command.Timeout"/> still bounds that stage.
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> removes the timeout.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The timeout is zero, negative (other than infinite) or longer than about 49.7 days (the
    /// longest wait a timer takes), or the grace is negative or longer than that.
    /// </exception>
    [Pure]
    public Pipeline WithTimeout(TimeSpan timeout, TimeSpan grace = default)
    {
        var value = CommandValidation.Timeout(timeout, grace);
        return With(p =>
        {
            p.Timeout = value;
            p.TimeoutGrace = grace;
        });
    }

    /// <summary>Returns a copy whose timeout and grace are measured on <paramref name="timeProvider"/> (for tests of timeouts without real waiting).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    [Pure]
    public Pipeline WithTimeProvider(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return With(p => p.TimeProvider = timeProvider);
    }

    /// <summary>The stages' command lines joined by <c>|</c>, secret-looking values redacted.</summary>
    public override string ToString() => string.Join(" | ", _stages);

    /// <summary>
    /// Joins two runs of stages. The last stage of <paramref name="source"/> will write into a pipe
    /// and the first of <paramref name="destination"/> will read from one, so neither may have chosen
    /// that stream itself: refusing it here is better than silently overriding it.
    /// </summary>
    internal static Pipeline Join(IReadOnlyList<PipelineStage> source, IReadOnlyList<PipelineStage> destination)
    {
        ArgumentNullException.ThrowIfNull(source[0], nameof(source));
        ArgumentNullException.ThrowIfNull(destination[0], nameof(destination));
        var writer = source[^1];
        if (writer.Command.StandardOutput.Kind != OutputTargetKind.Capture)
        {
            throw new ArgumentException(
                $"Stage {source.Count} of the pipeline ({writer.Command}) sends its standard output to {writer.Command.StandardOutput}, but a stage before the last writes into the pipe to the next stage. " +
                "Only the last stage may choose where its standard output goes.", nameof(source));
        }

        var reader = destination[0];
        if (reader.Command.StandardInput.Kind != StandardInputKind.None)
        {
            throw new ArgumentException(
                $"Stage {source.Count + 1} of the pipeline ({reader.Command}) reads {reader.Command.StandardInput} on standard input, but a stage after the first reads the previous stage's output. " +
                "Only the first stage may be given standard input.", nameof(destination));
        }

        return new Pipeline([.. source, .. destination]);
    }

    /// <summary>
    /// Checks what only a whole pipeline, about to run, can be judged on: its last stage decides
    /// its result, so letting that stage fail would make "allowed to fail" meaningless.
    /// </summary>
    internal void ThrowIfCannotRun()
    {
        if (_stages[^1].FailureAllowed)
        {
            throw new InvalidOperationException(
                $"The last stage of the pipeline ({_stages[^1].Command}) is allowed to fail, but its exit is the pipeline's result. " +
                "Accept its other exit codes with WithSuccessExitCodes(...) instead of AllowFailureInPipeline().");
        }
    }

    private Pipeline With(Action<Pipeline> change)
    {
        var copy = (Pipeline)MemberwiseClone();
        change(copy);
        return copy;
    }
}

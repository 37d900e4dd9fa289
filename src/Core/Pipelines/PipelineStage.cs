namespace ProcessKit;

/// <summary>
/// One stage of a <see cref="Pipeline"/>: a command, and whether its failure is tolerated
/// (<see cref="Command.AllowFailureInPipeline"/>). A plain <see cref="Command"/> in a pipeline is
/// a stage that is not allowed to fail.
/// </summary>
public sealed class PipelineStage
{
    /// <summary>Creates a stage.</summary>
    /// <param name="command">The command the stage runs.</param>
    /// <param name="failureAllowed">
    /// True when a non-zero exit or a signal of this stage does not fail the pipeline; see
    /// <see cref="Command.AllowFailureInPipeline"/>.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public PipelineStage(Command command, bool failureAllowed = false)
    {
        ArgumentNullException.ThrowIfNull(command);
        Command = command;
        FailureAllowed = failureAllowed;
    }

    /// <summary>The command the stage runs.</summary>
    public Command Command { get; }

    /// <summary>True when a non-zero exit or a signal of this stage does not fail the pipeline (a timeout always does).</summary>
    public bool FailureAllowed { get; }

    /// <summary>A pipeline of <paramref name="source"/> then <paramref name="destination"/>; see <see cref="Command.op_BitwiseOr(Command, Command)"/>.</summary>
    /// <param name="source">The first stage.</param>
    /// <param name="destination">The second stage.</param>
    /// <exception cref="ArgumentNullException">A stage is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> sets its own standard output, or <paramref name="destination"/> its own standard input.</exception>
    public static Pipeline operator |(PipelineStage source, Command destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return Pipeline.Join([source], [new PipelineStage(destination)]);
    }

    /// <summary>A pipeline of <paramref name="source"/> then <paramref name="destination"/>; see <see cref="Command.op_BitwiseOr(Command, Command)"/>.</summary>
    /// <param name="source">The first stage.</param>
    /// <param name="destination">The second stage.</param>
    /// <exception cref="ArgumentNullException">A stage is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> sets its own standard output, or <paramref name="destination"/> its own standard input.</exception>
    public static Pipeline operator |(PipelineStage source, PipelineStage destination) => Pipeline.Join([source], [destination]);

    /// <summary>The command line, and "(may fail)" when <see cref="FailureAllowed"/>.</summary>
    public override string ToString() => FailureAllowed ? $"{Command} (may fail)" : Command.ToString();
}

namespace ProcessKit;

/// <summary>
/// Where a runner's processes live (<see cref="IProcessRunner.Placement"/>): in a private
/// container per run (<see cref="PrivateContainers"/>, the real runner) or as members of one
/// <see cref="ProcessGroup"/>. A <see cref="Pipeline"/> asks it of its stages' runners, so that a
/// runner wrapping a real one (a spy, a runner bound to a test's output) keeps the pipeline's
/// stages joined by kernel pipes. Only ProcessKit makes placements; a runner that wraps another
/// passes its inner runner's on.
/// </summary>
public sealed class ProcessPlacement
{
    private readonly string _description;

    private ProcessPlacement(string description, Func<StageContainer> createStageContainer)
    {
        _description = description;
        CreateStageContainer = createStageContainer;
    }

    /// <summary>Each run in a private kill-on-exit container of its own: where <see cref="ProcessRunner.Default"/> puts its processes.</summary>
    public static ProcessPlacement PrivateContainers { get; } = new("a private container per run", StageContainer.CreatePrivate);

    /// <summary>The container a pipeline's stages share in this placement, each stage a member.</summary>
    internal Func<StageContainer> CreateStageContainer { get; }

    /// <summary>The members of <paramref name="group"/>.</summary>
    internal static ProcessPlacement In(ProcessGroup group) => new("the members of a process group", () => StageContainer.In(group));

    /// <summary>Where the processes live, in words.</summary>
    public override string ToString() => _description;
}

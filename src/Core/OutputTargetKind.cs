namespace ProcessKit;

/// <summary>The kinds of <see cref="OutputTarget"/>: where a child's output stream goes.</summary>
public enum OutputTargetKind
{
    /// <summary>Captured into the result (<see cref="OutputTarget.Capture"/>).</summary>
    Capture,

    /// <summary>Thrown away by the kernel (<see cref="OutputTarget.Discard"/>).</summary>
    Discard,

    /// <summary>This process's own stream of the same kind (<see cref="OutputTarget.Inherit"/>).</summary>
    Inherit,

    /// <summary>Written by the child into a file (<see cref="OutputTarget.ToFile"/>).</summary>
    File,

    /// <summary>Handed to a handler line by line, and captured as well (<see cref="OutputTarget.ToLineHandler"/>).</summary>
    LineHandler,
}

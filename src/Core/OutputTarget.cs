namespace ProcessKit;

/// <summary>
/// Where a child's standard output or standard error goes. The default, <see cref="Capture"/>,
/// keeps it in the result; the others send it elsewhere without ever leaving a pipe unread.
/// </summary>
public sealed class OutputTarget
{
    private OutputTarget(OutputTargetKind kind, string? filePath = null, bool append = false, Action<string>? lineHandler = null)
    {
        Kind = kind;
        FilePath = filePath;
        Append = append;
        LineHandler = lineHandler;
    }

    /// <summary>Captured into the result (the default).</summary>
    public static OutputTarget Capture { get; } = new(OutputTargetKind.Capture);

    /// <summary>Thrown away by the kernel: the child writes to the null device and no pipe is created.</summary>
    public static OutputTarget Discard { get; } = new(OutputTargetKind.Discard);

    /// <summary>Written straight to this process's own standard output or standard error.</summary>
    public static OutputTarget Inherit { get; } = new(OutputTargetKind.Inherit);

    /// <summary>Which kind of target this is; it says which of the other properties apply.</summary>
    public OutputTargetKind Kind { get; }

    /// <summary>The file, as a full path, for <see cref="OutputTargetKind.File"/> (<see cref="ToFile"/>); null otherwise.</summary>
    public string? FilePath { get; }

    /// <summary>True when <see cref="ToFile"/> appends to the file instead of truncating it.</summary>
    public bool Append { get; }

    /// <summary>The handler of each line, for <see cref="OutputTargetKind.LineHandler"/> (<see cref="ToLineHandler"/>); null otherwise.</summary>
    public Action<string>? LineHandler { get; }

    internal bool IsCaptured => Kind is OutputTargetKind.Capture or OutputTargetKind.LineHandler;

    /// <summary>
    /// Written by the child directly into a file (no copy through this process). The file is
    /// created if missing; it is truncated unless <paramref name="append"/> is true.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="append">Append instead of truncating.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or contains a NUL character.</exception>
    public static OutputTarget ToFile(string path, bool append = false)
    {
        CommandValidation.ThrowIfInvalidPath(path, nameof(path));
        return new OutputTarget(OutputTargetKind.File, Path.GetFullPath(path), append);
    }

    /// <summary>
    /// Handed to <paramref name="onLine"/> line by line as it arrives (without the line ending),
    /// and captured into the result as well. The last line is delivered even without a final newline.
    /// The handler runs on a background thread, one line at a time and in order; if it throws,
    /// no more lines are handed to it, the output is still drained and captured, and the verb
    /// rethrows that exception once the process has ended.
    /// </summary>
    /// <param name="onLine">Called once per line.</param>
    public static OutputTarget ToLineHandler(Action<string> onLine)
    {
        ArgumentNullException.ThrowIfNull(onLine);
        return new OutputTarget(OutputTargetKind.LineHandler, lineHandler: onLine);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        OutputTargetKind.File => $"File({FilePath}{(Append ? ", append" : "")})",
        _ => Kind.ToString(),
    };
}

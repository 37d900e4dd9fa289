namespace ProcessKit.Testing;

/// <summary>The kinds of standard input a recorded command had.</summary>
public enum RecordedInputKind
{
    /// <summary>No input: end-of-file at once.</summary>
    None,

    /// <summary>Text given to the command.</summary>
    Text,

    /// <summary>Bytes given to the command.</summary>
    Bytes,

    /// <summary>A stream read while the command ran (its content is not recorded: reading it would take it from the process).</summary>
    Stream,

    /// <summary>A file opened as the input.</summary>
    File,

    /// <summary>This process's own standard input.</summary>
    Inherit,

    /// <summary>Kept open for the caller to write to a started process.</summary>
    KeptOpen,
}

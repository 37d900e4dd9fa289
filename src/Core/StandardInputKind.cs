namespace ProcessKit;

/// <summary>The kinds of <see cref="StandardInput"/>: where the child's standard input comes from.</summary>
public enum StandardInputKind
{
    /// <summary>No input: the child reads end-of-file at once (<see cref="StandardInput.None"/>).</summary>
    None,

    /// <summary>Text, then end-of-file (<see cref="StandardInput.FromString"/>).</summary>
    Text,

    /// <summary>Bytes, then end-of-file (<see cref="StandardInput.FromBytes"/>).</summary>
    Bytes,

    /// <summary>What a stream yields, copied as the child reads it (<see cref="StandardInput.FromStream"/>).</summary>
    Stream,

    /// <summary>A file opened as the child's standard input (<see cref="StandardInput.FromFile"/>).</summary>
    File,

    /// <summary>This process's own standard input (<see cref="StandardInput.Inherit"/>).</summary>
    Inherit,

    /// <summary>A pipe kept open for the caller to write to a started process (<see cref="Command.KeepStandardInputOpen"/>).</summary>
    KeptOpen,
}

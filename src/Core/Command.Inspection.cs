namespace ProcessKit;

/// <summary>
/// Read-only views of the parts of a command that are otherwise only applied at spawn: its
/// environment recipe and its standard input. Test doubles match and record commands by them
/// without running anything.
/// </summary>
public sealed partial class Command
{
    /// <summary>
    /// The environment variables this command sets (name and value) or removes (name and null),
    /// on top of its base environment (see <see cref="ClearsEnvironment"/>). Names compare as the
    /// platform does: exactly on Linux and macOS, ignoring case on Windows.
    /// </summary>
    public IReadOnlyDictionary<string, string?> EnvironmentChanges => Environment.Changes;

    /// <summary>
    /// True when the child starts from an empty environment (<see cref="WithClearedEnvironment"/>,
    /// or <see cref="InheritEnvironment"/> with <see cref="InheritedEnvironmentNames"/>) instead of
    /// this process's.
    /// </summary>
    public bool ClearsEnvironment => Environment.ClearParent;

    /// <summary>The names copied from this process's environment when the command runs (<see cref="InheritEnvironment"/>); empty otherwise.</summary>
    public IReadOnlyList<string> InheritedEnvironmentNames => Environment.InheritedNames;

    /// <summary>The text the child reads on standard input when it was given as text (<see cref="WithStandardInput(string)"/>); null otherwise.</summary>
    public string? StandardInputText => StandardInput.Text;

    /// <summary>
    /// The exact bytes the child reads on standard input when they are fixed in memory: text
    /// encoded as the child receives it (its own encoding, else <see cref="Encoding"/>), or the bytes
    /// given. Null for no input, an inherited, kept-open, stream or file input (those are read only
    /// when the command runs).
    /// </summary>
    public ReadOnlyMemory<byte>? StandardInputBytes => StandardInput.Kind switch
    {
        StandardInputKind.Text => new ReadOnlyMemory<byte>((StandardInput.Encoding ?? Encoding).GetBytes(StandardInput.Text!)),
        StandardInputKind.Bytes => StandardInput.Bytes,
        _ => (ReadOnlyMemory<byte>?)null,
    };

    /// <summary>The file the child reads on standard input (<see cref="StandardInput.FromFile"/>), as a full path; null otherwise.</summary>
    public string? StandardInputFile => StandardInput.FilePath;
}

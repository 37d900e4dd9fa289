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

    /// <summary>
    /// Reads the bytes the child would read on standard input when they are given in advance: text
    /// (in its encoding, else the command's), bytes, a file, or a stream. A stream is read to its
    /// end and is therefore consumed: a double that still runs the command must feed it the
    /// returned bytes (<see cref="StandardInput.FromBytes"/>). Returns null when there is no such
    /// content: no input, inherited input, or input kept open for a conversation.
    /// </summary>
    /// <param name="cancellationToken">Cancels reading a stream or a file.</param>
    /// <exception cref="FileNotFoundException">The input is a file that does not exist.</exception>
    /// <exception cref="IOException">The file or the stream could not be read.</exception>
    public async Task<ReadOnlyMemory<byte>?> ReadStandardInputAsync(CancellationToken cancellationToken = default)
    {
        var input = StandardInput;
        switch (input.Kind)
        {
            case StandardInputKind.Text:
                return (input.Encoding ?? Encoding).GetBytes(input.Text!);
            case StandardInputKind.Bytes:
                return input.Bytes;
            case StandardInputKind.File:
                return await File.ReadAllBytesAsync(input.FilePath!, cancellationToken).ConfigureAwait(false);
            case StandardInputKind.Stream:
                using (var copy = new MemoryStream())
                {
                    await input.Stream!.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
                    return copy.ToArray();
                }

            default:
                return null;
        }
    }
}

namespace ProcessKit;

/// <summary>Read-only views of a command for test doubles that record, match and replay it.</summary>
public sealed partial class Command
{
    /// <summary>
    /// The environment variables this command changes on top of its base environment: a name maps
    /// to the value it sets, or to null when the command removes it. The values can be secret:
    /// show or store the names only, never the values.
    /// </summary>
    public IReadOnlyDictionary<string, string?> EnvironmentChanges => Environment.Changes;

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

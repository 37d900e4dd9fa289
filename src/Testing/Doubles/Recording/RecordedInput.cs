using System.Security.Cryptography;

namespace ProcessKit.Testing;

/// <summary>
/// What a command had on standard input, without keeping the input itself: its kind, and for input
/// fixed in memory (text or bytes) its length and SHA-256 digest, so tests and cassettes can tell
/// inputs apart without storing secrets piped into a tool.
/// </summary>
/// <param name="Kind">The kind of input.</param>
/// <param name="Length">The length in bytes as the child reads it (text encoded), for text, bytes and an existing file; null otherwise.</param>
/// <param name="Sha256">The lower-case hexadecimal SHA-256 of those bytes, for text and bytes; null otherwise.</param>
public sealed record RecordedInput(RecordedInputKind Kind, long? Length, string? Sha256)
{
    /// <summary>True unless the command had no input at all.</summary>
    public bool IsPresent => Kind != RecordedInputKind.None;

    /// <summary>Describes the standard input of <paramref name="command"/>. A file's length is read from the file system now; nothing is read from a stream.</summary>
    /// <param name="command">The command.</param>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public static RecordedInput Of(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.StandardInput.Kind switch
        {
            StandardInputKind.KeptOpen => new(RecordedInputKind.KeptOpen, null, null),
            StandardInputKind.None => new(RecordedInputKind.None, null, null),
            StandardInputKind.Inherit => new(RecordedInputKind.Inherit, null, null),
            StandardInputKind.Stream => new(RecordedInputKind.Stream, null, null),
            StandardInputKind.File => new(RecordedInputKind.File, new FileInfo(command.StandardInputFile!) is { Exists: true } file ? file.Length : null, null),
            var kind => Fixed(kind == StandardInputKind.Text ? RecordedInputKind.Text : RecordedInputKind.Bytes, command.StandardInputBytes!.Value),
        };
    }

    /// <summary>Input fixed in memory: its length and digest as the child reads it.</summary>
    private static RecordedInput Fixed(RecordedInputKind kind, ReadOnlyMemory<byte> bytes) =>
        new(kind, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes.Span)));

    /// <inheritdoc />
    public override string ToString() => (Length, Sha256) switch
    {
        ({ } length, { } digest) => $"{Kind} ({length} bytes, sha256 {digest[..12]}…)",
        ({ } length, null) => $"{Kind} ({length} bytes)",
        _ => Kind.ToString(),
    };
}

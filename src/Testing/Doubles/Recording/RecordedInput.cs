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
public sealed record RecordedInput(StandardInputKind Kind, long? Length, string? Sha256)
{
    /// <summary>True unless the command had no input at all.</summary>
    public bool IsPresent => Kind != StandardInputKind.None;

    /// <summary>Describes the standard input of <paramref name="command"/>. A file's length is read from the file system now; nothing is read from a stream.</summary>
    /// <param name="command">The command.</param>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public static RecordedInput Of(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var kind = command.StandardInput.Kind;
        return kind switch
        {
            StandardInputKind.File => new(kind, new FileInfo(command.StandardInput.FilePath!) is { Exists: true } file ? file.Length : null, null),
            StandardInputKind.Text or StandardInputKind.Bytes => Fixed(kind, command.StandardInputBytes!.Value),
            _ => new(kind, null, null),
        };
    }

    /// <summary>Input fixed in memory: its length and digest as the child reads it.</summary>
    private static RecordedInput Fixed(StandardInputKind kind, ReadOnlyMemory<byte> bytes) =>
        new(kind, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes.Span)));

    /// <inheritdoc />
    public override string ToString() => (Length, Sha256) switch
    {
        ({ } length, { } digest) => $"{Kind} ({length} bytes, sha256 {digest[..12]}…)",
        ({ } length, null) => $"{Kind} ({length} bytes)",
        _ => Kind.ToString(),
    };
}

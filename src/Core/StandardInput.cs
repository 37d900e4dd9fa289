using System.Text;

namespace ProcessKit;

/// <summary>
/// What a child reads on its standard input. The default, <see cref="None"/>, gives it end-of-file
/// at once, so a child that reads stdin never waits on a test.
/// </summary>
public sealed class StandardInput
{
    private StandardInput(StandardInputKind kind, string? text = null, Encoding? encoding = null, ReadOnlyMemory<byte> bytes = default, Stream? stream = null, string? filePath = null)
    {
        Kind = kind;
        Text = text;
        Encoding = encoding;
        Bytes = bytes;
        Stream = stream;
        FilePath = filePath;
    }

    /// <summary>No input: the child reads end-of-file at once (its stdin is the null device).</summary>
    public static StandardInput None { get; } = new(StandardInputKind.None);

    /// <summary>The child reads this process's own standard input (for a tool that wraps an interactive program).</summary>
    public static StandardInput Inherit { get; } = new(StandardInputKind.Inherit);

    /// <summary>The pipe stays open for the caller to write to (<see cref="Command.KeepStandardInputOpen"/>).</summary>
    internal static StandardInput KeptOpen { get; } = new(StandardInputKind.KeptOpen);

    /// <summary>Which kind of input this is; it says which of the other properties holds the content.</summary>
    public StandardInputKind Kind { get; }

    /// <summary>The text, for <see cref="StandardInputKind.Text"/> (<see cref="FromString"/>); null otherwise.</summary>
    public string? Text { get; }

    /// <summary>
    /// The encoding given for <see cref="Text"/>; null when none was given (the command's
    /// <see cref="Command.Encoding"/> then applies) or for any other kind.
    /// </summary>
    public Encoding? Encoding { get; }

    /// <summary>The bytes, for <see cref="StandardInputKind.Bytes"/> (<see cref="FromBytes"/>); empty otherwise.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>
    /// The stream, for <see cref="StandardInputKind.Stream"/> (<see cref="FromStream"/>); null
    /// otherwise. Reading it takes its content from the child that would run with it.
    /// </summary>
    public Stream? Stream { get; }

    /// <summary>The file, as a full path, for <see cref="StandardInputKind.File"/> (<see cref="FromFile"/>); null otherwise.</summary>
    public string? FilePath { get; }

    /// <summary>The child reads <paramref name="text"/>, then end-of-file.</summary>
    /// <param name="text">The text to write.</param>
    /// <param name="encoding">Its encoding; the command's encoding (UTF-8 unless changed) when null.</param>
    public static StandardInput FromString(string text, Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new StandardInput(StandardInputKind.Text, text: text, encoding: encoding);
    }

    /// <summary>The child reads <paramref name="bytes"/>, then end-of-file.</summary>
    /// <param name="bytes">The bytes to write. They are not copied: do not change them while the command runs.</param>
    public static StandardInput FromBytes(ReadOnlyMemory<byte> bytes) => new(StandardInputKind.Bytes, bytes: bytes);

    /// <summary>
    /// The child reads what <paramref name="stream"/> yields, copied as it is read (never loaded
    /// whole), then end-of-file. The stream is read from its current position and is not disposed.
    /// If the child exits before reading everything, the rest is left unread.
    /// </summary>
    /// <param name="stream">A readable stream.</param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read.</exception>
    public static StandardInput FromStream(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        return new StandardInput(StandardInputKind.Stream, stream: stream);
    }

    /// <summary>
    /// The child reads the file itself: it is opened as the child's standard input, so nothing is
    /// loaded or copied by this process. A missing file fails the spawn with <see cref="FileNotFoundException"/>.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or contains a NUL character.</exception>
    public static StandardInput FromFile(string path)
    {
        CommandValidation.ThrowIfInvalidPath(path, nameof(path));
        return new StandardInput(StandardInputKind.File, filePath: Path.GetFullPath(path));
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        StandardInputKind.Text => $"Text({Text!.Length} chars)",
        StandardInputKind.Bytes => $"Bytes({Bytes.Length})",
        StandardInputKind.File => $"File({FilePath})",
        _ => Kind.ToString(),
    };
}

namespace ProcessKit.Testing;

/// <summary>
/// The content of a command's standard input as the doubles see it without running anything, read
/// from the public view <see cref="Command.StandardInput"/>: the bytes fixed in memory, or all
/// bytes given in advance.
/// </summary>
internal static class StandardInputContent
{
    extension(Command command)
    {
        /// <summary>
        /// The exact bytes the child reads on standard input when they are fixed in memory: text
        /// encoded as the child receives it (its own encoding, else the command's), or the bytes
        /// given. Null for no input, an inherited, kept-open, stream or file input (those are read
        /// only when the command runs).
        /// </summary>
        internal ReadOnlyMemory<byte>? StandardInputBytes => command.StandardInput switch
        {
            { Kind: StandardInputKind.Text } text => (text.Encoding ?? command.Encoding).GetBytes(text.Text!),
            { Kind: StandardInputKind.Bytes } bytes => bytes.Bytes,
            _ => (ReadOnlyMemory<byte>?)null, // not a null array, which would convert to empty bytes
        };

        /// <summary>
        /// Reads the bytes the child would read on standard input when they are given in advance:
        /// text (in its encoding, else the command's), bytes, a file, or a stream. A stream is read to
        /// its end and is therefore consumed: a double that still runs the command must feed it the
        /// returned bytes (<see cref="StandardInput.FromBytes"/>). Null when there is no such
        /// content: no input, inherited input, or input kept open for a conversation.
        /// </summary>
        /// <param name="cancellationToken">Cancels reading a stream or a file.</param>
        /// <exception cref="FileNotFoundException">The input is a file that does not exist.</exception>
        /// <exception cref="IOException">The file or the stream could not be read.</exception>
        internal async Task<ReadOnlyMemory<byte>?> ReadStandardInputAsync(CancellationToken cancellationToken = default)
        {
            var input = command.StandardInput;
            switch (input.Kind)
            {
                case StandardInputKind.File:
                    return await File.ReadAllBytesAsync(input.FilePath!, cancellationToken).ConfigureAwait(false);
                case StandardInputKind.Stream:
                    using (var copy = new MemoryStream())
                    {
                        await input.Stream!.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
                        return copy.ToArray();
                    }

                default:
                    return command.StandardInputBytes;
            }
        }
    }
}

namespace ProcessKit.Testing;

/// <summary>
/// One output stream of a stand-in for a process (a test double), going where a real child's
/// would go by the command's <see cref="OutputTarget"/>: captured within the limit and handed to a
/// line handler through an <see cref="OutputSink"/> (as a real run's pipe would be), written to a
/// file or to this process's own stream, or discarded. Not thread-safe: its writer serialises writes.
/// </summary>
internal sealed class SimulatedOutputStream
{
    private readonly OutputSink? _sink;
    private readonly Stream? _destination;

    private SimulatedOutputStream(OutputSink? sink, Stream? destination)
    {
        _sink = sink;
        _destination = destination;
    }

    /// <summary>True when a real run would read this stream through a pipe: its lines are the process's to show.</summary>
    internal bool IsPiped => _sink is not null;

    /// <summary>Opens the stream of <paramref name="target"/>; a file is created (or truncated, unless appending) now, as by the child.</summary>
    /// <param name="command">The command: its encoding applies.</param>
    /// <param name="target">Where the stream goes.</param>
    /// <param name="limit">The capture's limit.</param>
    /// <param name="ownStream">This process's own stream of the same kind, for <see cref="OutputTarget.Inherit"/>.</param>
    internal static SimulatedOutputStream Open(Command command, OutputTarget target, OutputLimit? limit, Func<Stream> ownStream) => target.Kind switch
    {
        OutputTargetKind.Discard => new(null, null),
        OutputTargetKind.Inherit => new(null, ownStream()),
        OutputTargetKind.File => new(null, new FileStream(target.FilePath!, target.Append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)),
        _ => new(new OutputSink(limit, command.Encoding, target.LineHandler), null),
    };

    /// <summary>Writes what the stand-in wrote.</summary>
    internal void Write(ReadOnlySpan<byte> bytes)
    {
        _sink?.Write(bytes);
        if (_destination is not null)
        {
            _destination.Write(bytes);
            _destination.Flush();
        }
    }

    /// <summary>
    /// The end of the stream: a line handler gets the last, unterminated line, a file or this
    /// process's stream is released. The sink, for the result, when the stream was piped; its
    /// <see cref="OutputSink.HandlerDone"/> completes once the handler has had every line.
    /// </summary>
    internal OutputSink? Complete()
    {
        _sink?.Complete();
        _destination?.Dispose();
        return _sink;
    }
}

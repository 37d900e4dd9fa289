using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ProcessKit.Testing;

/// <summary>
/// The output of a helper server: every line of standard output and standard error, kept in a
/// bounded ring buffer (the newest <see cref="Capacity"/> lines), appended to a file when one was
/// asked for, and relayed live to sinks (an <see cref="ILogger"/>, or an <see cref="Action{T}"/> of
/// string that a test framework adapter points at the current test's output). Lines of every start
/// of the server (restarts, retries) go to the same log. Thread-safe.
/// </summary>
public sealed partial class ServerLog : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<OutputLine> _lines = new();
    private readonly string _serverName;
    private readonly ILogger? _logger;
    private readonly List<Sink> _sinks = [];
    private StreamWriter? _file;
    private long _total;
    private long _sinkFailures;

    internal ServerLog(string serverName, int capacity, ILogger? logger, IEnumerable<Action<string>> sinks)
    {
        _serverName = serverName;
        Capacity = capacity;
        _logger = logger;
        foreach (var sink in sinks)
        {
            _sinks.Add(new Sink(sink));
        }
    }

    /// <summary>The most lines the ring buffer keeps; older lines are dropped from it (not from the file).</summary>
    public int Capacity { get; }

    /// <summary>The file every line is appended to, or null for none (set at the first start, once the data directory is known).</summary>
    public string? FilePath { get; private set; }

    /// <summary>How many lines the server has written in all, kept or not.</summary>
    public long TotalLines => Interlocked.Read(ref _total);

    /// <summary>How many lines fell out of the ring buffer.</summary>
    public long DroppedLines => Math.Max(0, TotalLines - Lines.Count);

    /// <summary>How many times a sink threw; a sink that throws is removed (for example a test output that has closed).</summary>
    public long SinkFailures => Interlocked.Read(ref _sinkFailures);

    /// <summary>The kept lines, oldest first.</summary>
    public IReadOnlyList<OutputLine> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The last <paramref name="count"/> kept lines, oldest first.</summary>
    /// <param name="count">How many lines at most.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public IReadOnlyList<OutputLine> Tail(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            return [.. _lines.Skip(Math.Max(0, _lines.Count - count))];
        }
    }

    /// <summary>
    /// Relays every later line (and the fixture's own notes: starting, ready, stopped) to
    /// <paramref name="sink"/>, formatted as <c>[name] text</c> or <c>[name stderr] text</c>, until
    /// the returned handle is disposed. The sink is called on the thread that read the line, one
    /// line at a time: keep it quick. A sink that throws is removed and counted in <see cref="SinkFailures"/>.
    /// </summary>
    /// <param name="sink">Receives each formatted line.</param>
    /// <returns>Dispose it to stop relaying.</returns>
    public IDisposable AddSink(Action<string> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var entry = new Sink(sink);
        lock (_gate)
        {
            _sinks.Add(entry);
        }

        return new Subscription(this, entry);
    }

    /// <summary>The kept lines as text, one per line, stderr lines marked: what error messages and attachments show.</summary>
    public override string ToString() => Format(Lines);

    /// <summary>Closes the log file. Later lines are still kept and relayed.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    /// <summary>
    /// Lines as one text, each as <see cref="FormatLines"/> writes it, separated by <c>\n</c> (none
    /// after the last; empty lines are kept). Every place that shows a server's log as text uses it:
    /// startup errors, the log tails the test-framework adapters attach, <see cref="ToString"/>.
    /// </summary>
    /// <param name="lines">The lines, oldest first.</param>
    /// <param name="indent">Put before every line (an error message indents its log tail).</param>
    /// <param name="timestamps">Whether each line starts with the time it was read, <c>HH:mm:ss.fff</c>.</param>
    internal static string Format(IEnumerable<OutputLine> lines, string indent = "", bool timestamps = false) =>
        string.Join('\n', FormatLines(lines, indent, timestamps));

    /// <summary>
    /// Each line as text: <paramref name="indent"/>, then (when <paramref name="timestamps"/>) the
    /// time it was read as <c>HH:mm:ss.fff</c> and a space, then the line with standard error marked
    /// (<c>[stderr] text</c>). For a file written line by line; <see cref="Format"/> joins them.
    /// </summary>
    /// <param name="lines">The lines, oldest first.</param>
    /// <param name="indent">Put before every line.</param>
    /// <param name="timestamps">Whether each line starts with the time it was read.</param>
    internal static IEnumerable<string> FormatLines(IEnumerable<OutputLine> lines, string indent = "", bool timestamps = false) =>
        lines.Select(line => timestamps
            ? indent + line.Timestamp.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " + line.ToString()
            : indent + line.ToString());

    /// <summary>Appends later lines to <paramref name="path"/> too (closing a file used before).</summary>
    internal void UseFile(string path)
    {
        lock (_gate)
        {
            if (FilePath != path)
            {
                _file?.Dispose();
                _file = null;
                FilePath = path;
            }
        }
    }

    /// <summary>Takes one line of the server's output.</summary>
    internal void Add(OutputLine line)
    {
        lock (_gate)
        {
            _lines.Enqueue(line);
            if (_lines.Count > Capacity)
            {
                _lines.Dequeue();
            }

            Interlocked.Increment(ref _total);
            WriteToFile(line.ToString());
            Relay(line.Source == OutputSource.StandardError ? $"[{_serverName} stderr] {line.Text}" : $"[{_serverName}] {line.Text}");
        }

        if (_logger is not null)
        {
            LogLine(_logger, _serverName, line.Source == OutputSource.StandardError ? "stderr" : "stdout", line.Text);
        }
    }

    /// <summary>Relays a note of the fixture itself (not server output) to the sinks and the logger; it is not kept.</summary>
    internal void Note(string message)
    {
        lock (_gate)
        {
            Relay($"[{_serverName}] (processkit) {message}");
        }

        if (_logger is not null)
        {
            LogNote(_logger, _serverName, message);
        }
    }

    /// <summary>Relays a warning of the fixture itself to the sinks and the logger.</summary>
    internal void Warn(string message)
    {
        lock (_gate)
        {
            Relay($"[{_serverName}] (processkit) {message}");
        }

        if (_logger is not null)
        {
            LogWarning(_logger, _serverName, message);
        }
    }

    private void WriteToFile(string text)
    {
        if (FilePath is null)
        {
            return;
        }

        try
        {
            if (_file is null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
                _file = new StreamWriter(new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false)) { AutoFlush = true };
            }

            _file.Write(text);
            _file.Write('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _file?.Dispose();
            _file = null;
            Relay($"[{_serverName}] (processkit) could not write the log file {FilePath}: {e.Message}");
        }
    }

    /// <summary>Calls every sink, in the order they were added; under the lock, so sinks see lines in order.</summary>
    private void Relay(string text)
    {
        List<Sink>? failed = null;
        foreach (var sink in _sinks)
        {
            try
            {
                sink.Receive(text);
            }
#pragma warning disable CA1031 // A sink (a test output that has closed) may throw anything; the server must not notice.
            catch (Exception)
#pragma warning restore CA1031
            {
                (failed ??= []).Add(sink);
                Interlocked.Increment(ref _sinkFailures);
            }
        }

        failed?.ForEach(sink => _sinks.Remove(sink));
    }

    private void Remove(Sink sink)
    {
        lock (_gate)
        {
            _sinks.Remove(sink);
        }
    }

    /// <summary>A registered sink; a class so that the same delegate added twice is removed once per handle.</summary>
    private sealed class Sink(Action<string> receive)
    {
        public Action<string> Receive { get; } = receive;
    }

    private sealed class Subscription(ServerLog log, Sink sink) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                log.Remove(sink);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Server} {Stream}: {Line}")]
    private static partial void LogLine(ILogger logger, string server, string stream, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Server}: {Note}")]
    private static partial void LogNote(ILogger logger, string server, string note);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Server}: {Warning}")]
    private static partial void LogWarning(ILogger logger, string server, string warning);
}

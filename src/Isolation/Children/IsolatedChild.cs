using System.IO.Pipes;
using ProcessKit.Testing.Isolation.Protocol;

namespace ProcessKit.Testing.Isolation.Children;

/// <summary>
/// The parent's handle on one child running the host: the process (a member of a
/// <see cref="ProcessGroup"/>, so whatever it starts is contained with it), the channel to it, and
/// its output lines (kept, and relayed to the settings' sink as they are read).
/// </summary>
internal sealed class IsolatedChild : IAsyncDisposable
{
    /// <summary>How many of the child's last lines are kept for its result and error messages.</summary>
    private const int KeptLines = 1000;

    /// <summary>How long a child whose channel was closed may take to exit.</summary>
    private static readonly TimeSpan EndGrace = TimeSpan.FromSeconds(10);

    private readonly NamedPipeServerStream _pipe;
    private readonly FrameChannel _channel;
    private readonly IDisposable _relay;
    private readonly Queue<OutputLine> _lines = new();
    private readonly Lock _linesGate = new();

    private IsolatedChild(NamedPipeServerStream pipe, RunningProcess process, ChildSettings settings)
    {
        _pipe = pipe;
        _channel = new FrameChannel(pipe);
        Process = process;
        _relay = process.ObserveLines(
            line =>
            {
                lock (_linesGate)
                {
                    _lines.Enqueue(line);
                    if (_lines.Count > KeptLines)
                    {
                        _lines.Dequeue();
                    }
                }

                settings.Output?.Invoke(settings.Format(process.Id, line));
            },
            includeRecent: true);
    }

    /// <summary>The child process.</summary>
    public RunningProcess Process { get; }

    /// <summary>False when the child ended before it connected (it never ran a call).</summary>
    public bool Connected { get; private set; }

    /// <summary>The child's last lines, oldest first.</summary>
    public IReadOnlyList<OutputLine> Lines
    {
        get
        {
            lock (_linesGate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Starts a child in <paramref name="group"/> and waits until it has connected or ended.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the child is gone.</exception>
    public static async Task<IsolatedChild> StartAsync(ProcessGroup group, ChildSettings settings, CancellationToken cancellationToken)
    {
        // On Unix a named pipe is a Unix domain socket in the temp directory; its path must stay short.
        var name = "pk-" + Guid.NewGuid().ToString("N")[..16];
        var pipe = new NamedPipeServerStream(name, PipeDirection.InOut, 1, PipeTransmissionMode.Byte, PipeOptions.Asynchronous);
        RunningProcess process;
        try
        {
            process = await group.StartAsync(settings.Command(name), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await pipe.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var child = new IsolatedChild(pipe, process, settings);
        try
        {
            var connection = pipe.WaitForConnectionAsync(cancellationToken);
            if (await Task.WhenAny(connection, process.Exited).ConfigureAwait(false) == connection)
            {
                await connection.ConfigureAwait(false);
                child.Connected = true;
            }

            return child;
        }
        catch
        {
            await child.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends a frame.</summary>
    /// <exception cref="IOException">The child has gone.</exception>
    public void Send(Frame frame) => _channel.Write(frame);

    /// <summary>Sends a frame; false when the child has gone.</summary>
    public bool TrySend(Frame frame) => Connected && _channel.TryWrite(frame);

    /// <summary>The child's next frame; null when it has closed the channel or died (or never connected).</summary>
    public Task<Frame?> ReadAsync(CancellationToken cancellationToken) =>
        Connected ? _channel.ReadAsync(cancellationToken) : Task.FromResult<Frame?>(null);

    /// <summary>
    /// Closes the channel (the host then exits) and waits for the process's end; a child that does
    /// not end within <see cref="EndGrace"/> (a foreground thread of the caller's code keeps it
    /// alive) is killed.
    /// </summary>
    public async Task<ProcessResult> EndAsync()
    {
        await _pipe.DisposeAsync().ConfigureAwait(false);
        try
        {
            return await Process.Exited.WaitAsync(EndGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Process.Kill();
            return await Process.Exited.ConfigureAwait(false);
        }
    }

    /// <summary>Kills and reaps the child's whole tree.</summary>
    public async ValueTask DisposeAsync()
    {
        await _pipe.DisposeAsync().ConfigureAwait(false);
        await Process.DisposeAsync().ConfigureAwait(false);
        _relay.Dispose();
    }
}

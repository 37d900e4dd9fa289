using System.Diagnostics.CodeAnalysis;
using ProcessKit.Testing.Isolation.Protocol;

namespace ProcessKit.Testing.Isolation.Children;

/// <summary>
/// The parent's handle on one child running the host: the process (contained: a member of a
/// <see cref="ProcessGroup"/>, or alone in a private container, so whatever it starts goes with it), the channel to it, and
/// its output lines (kept, and relayed to the settings' sink as they are read).
/// </summary>
internal sealed class IsolatedChild : IAsyncDisposable
{
    /// <summary>How many of the child's last lines are kept for its result and error messages.</summary>
    private const int KeptLines = 1000;

    /// <summary>How long a child whose channel was closed may take to exit.</summary>
    private static readonly TimeSpan EndGrace = TimeSpan.FromSeconds(10);

    private readonly ChannelSocket _listener;
    private readonly IDisposable _relay;
    private readonly Queue<OutputLine> _lines = new();
    private readonly Lock _linesGate = new();
    private Stream? _connection;
    private FrameChannel? _channel;

    private IsolatedChild(ChannelSocket listener, RunningProcess process, ChildSettings settings)
    {
        _listener = listener;
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
    [MemberNotNullWhen(true, nameof(_channel))]
    public bool Connected => _channel is not null;

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

    /// <summary>Starts a child through <paramref name="runner"/> (a pool's <see cref="ProcessGroup"/>, or the real runner's private container of its own) and waits until it has connected or ended.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the child is gone.</exception>
    public static async Task<IsolatedChild> StartAsync(IProcessRunner runner, ChildSettings settings, CancellationToken cancellationToken)
    {
        var listener = ChannelSocket.Listen();
        RunningProcess process;
        try
        {
            process = await runner.StartAsync(settings.Command(listener.Path), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        var child = new IsolatedChild(listener, process, settings);
        try
        {
            var connection = listener.AcceptAsync(cancellationToken);
            if (await Task.WhenAny(connection, process.Exited).ConfigureAwait(false) == connection)
            {
                child._connection = await connection.ConfigureAwait(false);
                child._channel = new FrameChannel(child._connection);
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
    public void Send(Frame frame) => (_channel ?? throw new IOException("The child never connected.")).Write(frame);

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
        await CloseChannelAsync().ConfigureAwait(false);
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
        await CloseChannelAsync().ConfigureAwait(false);
        await Process.DisposeAsync().ConfigureAwait(false);
        _relay.Dispose();
    }

    private async Task CloseChannelAsync()
    {
        _listener.Dispose();
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}

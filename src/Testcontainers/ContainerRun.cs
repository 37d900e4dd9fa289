using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Containers;

namespace ProcessKit.Testing.Testcontainers;

/// <summary>
/// A started container seen as a started process: its log lines are published as the engine
/// streams them (a followed log, from the container's first line, so nothing written before the
/// follow began is missed), its end is the end of that stream, and signals go to its main process
/// through the engine. What readiness probes, the server log and teardown need, unchanged.
/// </summary>
internal sealed class ContainerRun : RunningProcess
{
    private const int ChunkSize = 16 * 1024;

    private readonly IContainer _container;
    private readonly DockerClient _client;
    private readonly bool _removeOnDispose;
    private readonly CancellationTokenSource _stopFollowing = new();
    private readonly DateTimeOffset _started;
    private Task _following = Task.CompletedTask;
    private int _pid;

    /// <param name="command">The command the container runs (or one that names it), for messages and results.</param>
    /// <param name="container">The started container.</param>
    /// <param name="client">The engine's client.</param>
    /// <param name="removeOnDispose">Whether disposing this removes the container (a container this package made or was handed to own).</param>
    private ContainerRun(Command command, IContainer container, DockerClient client, bool removeOnDispose)
        : base(command, standardInput: null)
    {
        _container = container;
        _client = client;
        _removeOnDispose = removeOnDispose;
        _started = command.TimeProvider.GetUtcNow();
    }

    /// <summary>The container's main process as the host sees it (0 once it has exited).</summary>
    public override int Id => _pid;

    /// <summary>
    /// Starts a built container the run will own, then follows it; a failed start leaves nothing
    /// (Testcontainers' disposal removes a created container).
    /// </summary>
    internal static async Task<ContainerRun> StartOwnedAsync(Command command, IContainer container, CancellationToken cancellationToken)
    {
        try
        {
            await container.StartAsync(cancellationToken).ConfigureAwait(false);
            return await FollowAsync(command, container, removeOnDispose: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Follows a started container's log and end.</summary>
    /// <exception cref="DockerApiException">The engine refused (the container is gone).</exception>
    internal static async Task<ContainerRun> FollowAsync(Command command, IContainer container, bool removeOnDispose, CancellationToken cancellationToken)
    {
        ContainerWatchdog.EnsureRegistered();
        var run = new ContainerRun(command, container, DockerEngine.RequireClient(), removeOnDispose);
        try
        {
            var state = await run._client.Containers.InspectContainerAsync(container.Id, cancellationToken).ConfigureAwait(false);
            run._pid = (int)(state.State?.Pid ?? 0);
            var parameters = new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true };
            var stream = await run._client.Containers.GetContainerLogsAsync(container.Id, parameters, run._stopFollowing.Token).ConfigureAwait(false);
            run._following = Task.Run(() => run.ReadAsync(stream), CancellationToken.None);
            return run;
        }
        catch
        {
            await run.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override void SignalCore(int signal)
    {
        // Fire and forget, like kill(2): the end shows as the log stream ending. A container that is
        // already gone refuses, which is what a signal to an exited process amounts to.
        var parameters = new ContainerKillParameters { Signal = signal.ToString(CultureInfo.InvariantCulture) };
        _ = _client.Containers.KillContainerAsync(_container.Id, parameters, CancellationToken.None)
            .ContinueWith(static sent => _ = sent.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        if (_removeOnDispose)
        {
            // Testcontainers' disposal stops (SIGTERM, then SIGKILL) and removes the container.
            await _container.DisposeAsync().ConfigureAwait(false);
        }

        await _stopFollowing.CancelAsync().ConfigureAwait(false);
        await _following.ConfigureAwait(false);
        _stopFollowing.Dispose();
    }

    /// <summary>Splits the engine's multiplexed log into lines per stream; at its end, publishes the exit.</summary>
    private async Task ReadAsync(MultiplexedStream stream)
    {
        var buffer = new byte[ChunkSize];
        var standardOutput = new LineSplitter(line => PublishLine(OutputSource.StandardOutput, line));
        var standardError = new LineSplitter(line => PublishLine(OutputSource.StandardError, line));
        try
        {
            using (stream)
            {
                while (true)
                {
                    var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, _stopFollowing.Token).ConfigureAwait(false);
                    if (read.EOF)
                    {
                        break;
                    }

                    (read.Target == MultiplexedStream.TargetStream.StandardError ? standardError : standardOutput).Add(buffer.AsSpan(0, read.Count));
                }
            }

            standardOutput.Flush();
            standardError.Flush();
            PublishExit(await ResultAsync().ConfigureAwait(false));
        }
#pragma warning disable CA1031 // The follow ends on disposal or when the engine drops it: either way the run has ended for its watchers.
        catch (Exception)
#pragma warning restore CA1031
        {
            PublishExit(Result(exitCode: null));
        }
        finally
        {
            _pid = 0;
        }
    }

    private async Task<ProcessResult> ResultAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var state = await _client.Containers.InspectContainerAsync(_container.Id, timeout.Token).ConfigureAwait(false);
            return Result(state.State is { Running: false } ended ? (int)ended.ExitCode : null);
        }
        catch (Exception e) when (e is DockerApiException or OperationCanceledException or HttpRequestException or IOException)
        {
            return Result(exitCode: null);
        }
    }

    private ProcessResult Result(int? exitCode) => new()
    {
        Program = Command.Program,
        Arguments = Command.Arguments,
        StandardOutput = "",
        StandardError = "",
        ExitCode = exitCode,
        // A container's main process killed by a signal exits 128 + the signal, as a shell reports it.
        Signal = exitCode is > 128 and < 160 ? exitCode - 128 : null,
        ExitStatusUnknown = exitCode is null,
        Duration = Command.TimeProvider.GetUtcNow() - _started,
    };

    /// <summary>Bytes of one stream to lines (UTF-8, '\n' or "\r\n" ended).</summary>
    private sealed class LineSplitter(Action<string> publish)
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private readonly StringBuilder _pending = new();
        private char[] _chars = new char[ChunkSize];

        internal void Add(ReadOnlySpan<byte> bytes)
        {
            var needed = _decoder.GetCharCount(bytes, flush: false);
            if (needed > _chars.Length)
            {
                _chars = new char[needed];
            }

            var count = _decoder.GetChars(bytes, _chars, flush: false);
            foreach (var c in _chars.AsSpan(0, count))
            {
                if (c == '\n')
                {
                    Emit();
                }
                else
                {
                    _pending.Append(c);
                }
            }
        }

        internal void Flush()
        {
            if (_pending.Length > 0)
            {
                Emit();
            }
        }

        private void Emit()
        {
            if (_pending.Length > 0 && _pending[^1] == '\r')
            {
                _pending.Length--;
            }

            publish(_pending.ToString());
            _pending.Clear();
        }
    }
}

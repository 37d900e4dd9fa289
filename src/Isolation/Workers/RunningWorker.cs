using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using ProcessKit.Testing.Isolation.Calls;
using ProcessKit.Testing.Isolation.Children;
using ProcessKit.Testing.Isolation.Protocol;
using ProcessKit.Testing.Isolation.Workers;

namespace ProcessKit.Testing.Isolation;

/// <summary>
/// The parent's handle on a started <see cref="IsolatedWorker{TResult}"/>: stop it, kill it, wait
/// for its result, exchange messages with it, read its times. Each life runs in a fresh child of
/// one <see cref="ProcessGroup"/>; whatever a life starts is killed when that life ends, and
/// disposal leaves no process. Thread-safe.
/// </summary>
/// <typeparam name="TResult">The worker's result type.</typeparam>
public sealed class RunningWorker<TResult> : IAsyncDisposable
{
    private const string NoMoreMessages = "The worker has ended; no more messages will come.";

    private readonly ProcessGroup _group;
    private readonly ChildSettings _settings;
    private readonly IsolatedWorkerOptions _options;
    private readonly WorkerStart _start;
    private readonly JsonSerializerOptions _json;
    private readonly Channel<string> _outbox = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly MessageInbox _inbox;
    private readonly TimingRecorder _timings = new();
    private readonly List<LostLife> _lost = [];
    private readonly CancellationTokenSource _kill = new();
    private readonly TaskCompletionSource _firstLife = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly long _began = Stopwatch.GetTimestamp();
    private IsolatedChild? _current;
    private WorkerEnding? _stopAs;
    private int _runs;
    private int _life;
    private Task<WorkerResult<TResult>> _completion = null!;

    private RunningWorker(string name, ProcessGroup group, ChildSettings settings, IsolatedWorkerOptions options, WorkerStart start, JsonSerializerOptions json)
    {
        Name = name;
        _group = group;
        _settings = settings;
        _options = options;
        _start = start;
        _json = json;
        _inbox = new MessageInbox(json);
    }

    /// <summary>The worker's type name.</summary>
    public string Name { get; }

    /// <summary>The process id of the child running the current life; null between lives and after the end.</summary>
    public int? ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _current?.Process.Id;
            }
        }
    }

    /// <summary>The current life, from 1.</summary>
    public int Life => Volatile.Read(ref _life);

    /// <summary>How many runs are done so far (a run whose error the handler took counts).</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>Whether the worker has ended (its result is ready).</summary>
    public bool HasEnded => _completion.IsCompleted;

    /// <summary>The phase and iteration times so far: a snapshot.</summary>
    public WorkerTimings Timings => _timings.Snapshot();

    /// <summary>Queues <paramref name="message"/> for the worker and returns at once. It goes to the life running (or to the next one, when none is); a life that is lost takes the messages it had received but not taken with it.</summary>
    /// <typeparam name="T">The message's type; it crosses as JSON.</typeparam>
    /// <param name="message">The message.</param>
    /// <exception cref="InvalidOperationException">The worker has ended.</exception>
    public void Send<T>(T message)
    {
        if (!_outbox.Writer.TryWrite(JsonSerializer.Serialize(message, _json)))
        {
            throw new InvalidOperationException($"{Name} has ended; it takes no more messages.");
        }
    }

    /// <summary>Takes the worker's next message if one is waiting.</summary>
    /// <typeparam name="T">The message's type.</typeparam>
    /// <param name="message">The message, when there was one.</param>
    /// <returns>Whether a message was waiting.</returns>
    public bool TryReceive<T>([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T message) => _inbox.TryReceive(out message);

    /// <summary>Waits for the worker's next message.</summary>
    /// <typeparam name="T">The message's type.</typeparam>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The message.</returns>
    /// <exception cref="InvalidOperationException">The worker has ended and every message it sent was taken.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<T> ReceiveAsync<T>(CancellationToken cancellationToken = default) => _inbox.ReceiveAsync<T>(NoMoreMessages, cancellationToken);

    /// <summary>Waits at most <paramref name="timeout"/> for the worker's next message.</summary>
    /// <typeparam name="T">The message's type.</typeparam>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The message.</returns>
    /// <exception cref="TimeoutException">None arrived in time.</exception>
    /// <exception cref="InvalidOperationException">The worker has ended and every message it sent was taken.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<T> ReceiveAsync<T>(TimeSpan timeout, CancellationToken cancellationToken = default) => _inbox.ReceiveAsync<T>(timeout, NoMoreMessages, cancellationToken);

    /// <summary>Every message of the worker as it arrives; the enumeration ends when the worker has ended and its messages are taken.</summary>
    /// <typeparam name="T">The messages' type.</typeparam>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The messages.</returns>
    public IAsyncEnumerable<T> ReadMessagesAsync<T>(CancellationToken cancellationToken = default) => _inbox.ReadAllAsync<T>(cancellationToken);

    /// <summary>
    /// Stops the worker gracefully and returns at once: the run phases' token is cancelled (an
    /// <see cref="OperationCanceledException"/> from it ends that run without error, uncounted), no
    /// run begins after the one in progress, then finish and result run. The worker ends
    /// <see cref="WorkerEnding.Stopped"/>; harmless when it has ended or was stopped before.
    /// </summary>
    public void Stop() => RequestStop(WorkerEnding.Stopped);

    /// <summary>Kills the worker's child and its whole tree at once; it ends <see cref="WorkerEnding.Killed"/>, without a result. Harmless once it has ended.</summary>
    public void Kill()
    {
        try
        {
            _kill.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // disposed: nothing runs any more
        }
    }

    /// <summary>Waits for the worker's end.</summary>
    /// <param name="cancellationToken">Stops the wait (not the worker).</param>
    /// <returns>How it ended, and its result.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<WorkerResult<TResult>> WaitAsync(CancellationToken cancellationToken = default) => _completion.WaitAsync(cancellationToken);

    /// <summary>Waits at most <paramref name="timeout"/> for the worker's end.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Stops the wait (not the worker).</param>
    /// <returns>How it ended, and its result.</returns>
    /// <exception cref="TimeoutException">It had not ended in time (it goes on running).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<WorkerResult<TResult>> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => _completion.WaitAsync(timeout, cancellationToken);

    /// <summary>Kills the worker if it still runs, and waits until its child, everything that started and its group are gone.</summary>
    public async ValueTask DisposeAsync()
    {
        Kill();
        await ((Task)_completion).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _kill.Dispose();
    }

    /// <summary>Starts the worker's first life and returns once its child is up (or the worker has already ended).</summary>
    internal static async Task<RunningWorker<TResult>> StartAsync(string name, ProcessGroup group, ChildSettings settings, IsolatedWorkerOptions options, WorkerStart start, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var worker = new RunningWorker<TResult>(name, group, settings, options, start, json);
        worker._completion = Task.Run(worker.DriveAsync, CancellationToken.None);
        try
        {
            await Task.WhenAny(worker._firstLife.Task, worker._completion).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (worker._completion.IsFaulted)
            {
                // The first child could not be started at all: that is the start's failure.
                await worker._completion.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return worker;
    }

    private void RequestStop(WorkerEnding how)
    {
        lock (_gate)
        {
            if (_stopAs is not null)
            {
                return;
            }

            _stopAs = how;
            _current?.TrySend(new WorkerFrame { Kind = WorkerFrameKind.Stop }.ToFrame());
        }
    }

    private async Task<WorkerResult<TResult>> DriveAsync()
    {
        using var timeLimit = new CancellationTokenSource();
        using var registration = timeLimit.Token.Register(() => RequestStop(WorkerEnding.TimeLimit));
        if (_options.TimeLimit is { } limit)
        {
            timeLimit.CancelAfter(limit);
        }

        try
        {
            for (var life = 1; life <= _options.Lives; life++)
            {
                Volatile.Write(ref _life, life);
                if (await LiveAsync(life).ConfigureAwait(false) is { } ended)
                {
                    return ended;
                }
            }

            return Result(WorkerEnding.OutOfLives, default!, new WorkerOutOfLivesException(Name, [.. _lost]));
        }
        finally
        {
            _firstLife.TrySetResult();
            _inbox.Complete();
            _outbox.Writer.TryComplete();
            await _group.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One life in a fresh child: the worker's result when it ended there, null when the life was lost (and recorded).</summary>
    private async Task<WorkerResult<TResult>?> LiveAsync(int life)
    {
        IsolatedChild child;
        try
        {
            child = await IsolatedChild.StartAsync(_group, _settings, _kill.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_kill.IsCancellationRequested)
        {
            return Result(WorkerEnding.Killed, default!, null);
        }

        await using (child.ConfigureAwait(false))
        {
            using var lifeOver = new CancellationTokenSource();
            lock (_gate)
            {
                _current = child;
                child.TrySend(new WorkerFrame { Kind = WorkerFrameKind.Start, Start = _start with { Life = life, FirstRun = _runs + 1, Stopped = _stopAs is not null } }.ToFrame());
            }

            _firstLife.TrySetResult();
            var pump = PumpAsync(child, lifeOver.Token);
            var end = await ReadLifeAsync(child).ConfigureAwait(false);
            lock (_gate)
            {
                _current = null;
            }

            await lifeOver.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
            return await ConcludeAsync(child, life, end).ConfigureAwait(false);
        }
    }

    /// <summary>Ends the life's child as its end requires: the worker's result, or null with the loss recorded.</summary>
    private async Task<WorkerResult<TResult>?> ConcludeAsync(IsolatedChild child, int life, LifeEnd end)
    {
        switch (end.Kind)
        {
            case LifeEndKind.Ended:
                await child.EndAsync().ConfigureAwait(false);
                var ending = !end.Stopped ? WorkerEnding.Completed : _stopAs ?? WorkerEnding.Stopped;
                return Result(ending, end.Payload is null ? default! : JsonSerializer.Deserialize<TResult>(end.Payload, _json)!, null);
            case LifeEndKind.Killed:
                return Result(WorkerEnding.Killed, default!, null);
            case LifeEndKind.Threw:
                await child.EndAsync().ConfigureAwait(false);
                _lost.Add(new LostLife(life, end.Run, end.Phase, null, null, null, end.Error is null ? null : RemoteException.From(end.Error), child.Lines));
                return null;
            case LifeEndKind.TimedOut:
                child.Process.Kill();
                await child.Process.Exited.ConfigureAwait(false);
                _lost.Add(new LostLife(life, end.Run, end.Phase, IsolatedEnding.TimedOut, null, null, null, child.Lines));
                return null;
            default:
                var ended = await child.EndAsync().ConfigureAwait(false);
                var how = IsolatedInvocation.Classify(null, end.Error, ended, child.Lines);
                _lost.Add(new LostLife(life, end.Run, end.Phase, how, ended.ExitCode, ended.Signal, end.Error is null ? null : RemoteException.From(end.Error), child.Lines));
                return null;
        }
    }

    /// <summary>Reads a life's frames until it ends: records times, runs and messages, and times each phase out.</summary>
    private async Task<LifeEnd> ReadLifeAsync(IsolatedChild child)
    {
        using var phaseLimit = CancellationTokenSource.CreateLinkedTokenSource(_kill.Token);
        WorkerPhase? phase = null;
        int? run = null;
        RemoteError? crash = null;
        try
        {
            while (await child.ReadAsync(phaseLimit.Token).ConfigureAwait(false) is { } frame)
            {
                if (frame.Kind == FrameKind.Crashed)
                {
                    crash = frame.Error;
                    continue;
                }

                switch (WorkerFrame.From(frame))
                {
                    case { Kind: WorkerFrameKind.PhaseStarted, Phase: { } started } worker:
                        (phase, run) = (started, worker.Run);
                        if (_options.TimeoutOf(started) is { } timeout)
                        {
                            phaseLimit.CancelAfter(timeout);
                        }

                        break;
                    case { Kind: WorkerFrameKind.PhaseEnded, Phase: { } ended } worker:
                        phaseLimit.CancelAfter(Timeout.InfiniteTimeSpan);
                        phase = null;
                        if (worker.Ticks is { } ticks)
                        {
                            _timings.AddPhase(ended, TimeSpan.FromTicks(ticks));
                        }

                        break;
                    case { Kind: WorkerFrameKind.RunEnded } worker:
                        Volatile.Write(ref _runs, worker.Run);
                        if (worker.Ticks is { } iteration)
                        {
                            _timings.AddIteration(TimeSpan.FromTicks(iteration));
                        }

                        break;
                    case { Kind: WorkerFrameKind.Message, Payload: { } payload }:
                        _inbox.Post(payload);
                        break;
                    case { Kind: WorkerFrameKind.Threw } worker:
                        return new LifeEnd(LifeEndKind.Threw, worker.Phase, worker.Phase is null ? null : worker.Run, worker.Error);
                    case { Kind: WorkerFrameKind.Ended } worker:
                        return new LifeEnd(LifeEndKind.Ended, Payload: worker.Payload, Stopped: worker.Stopped);
                    default:
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (_kill.IsCancellationRequested)
        {
            return new LifeEnd(LifeEndKind.Killed);
        }
        catch (OperationCanceledException)
        {
            return new LifeEnd(LifeEndKind.TimedOut, phase, run);
        }

        return _kill.IsCancellationRequested ? new LifeEnd(LifeEndKind.Killed) : new LifeEnd(LifeEndKind.Died, phase, run, crash);
    }

    /// <summary>Hands the queued messages to a life's child, in order, until the life is over; a message stays queued until it is written.</summary>
    private async Task PumpAsync(IsolatedChild child, CancellationToken lifeOver)
    {
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(lifeOver).ConfigureAwait(false))
            {
                while (_outbox.Reader.TryPeek(out var payload))
                {
                    if (!child.TrySend(new WorkerFrame { Kind = WorkerFrameKind.Message, Payload = payload }.ToFrame()))
                    {
                        return;
                    }

                    _outbox.Reader.TryRead(out _);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the life is over; what is still queued goes to the next
        }
    }

    private WorkerResult<TResult> Result(WorkerEnding ending, TResult value, Exception? error) =>
        new(Name, ending, value, error, Volatile.Read(ref _runs), [.. _lost], _timings.Snapshot(), Stopwatch.GetElapsedTime(_began));
}

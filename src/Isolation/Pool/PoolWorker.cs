using ProcessKit.Testing.Isolation.Children;
using ProcessKit.Testing.Isolation.Protocol;

namespace ProcessKit.Testing.Isolation.Pool;

/// <summary>
/// One seat of a pool: at most one live child at a time, which it starts when asked (warm at the
/// pool's start, afresh after a loss or a recycle), and through which it runs one call at a time.
/// </summary>
internal sealed class PoolWorker(ProcessGroup group, ChildSettings settings, int? itemsPerWorker)
{
    private IsolatedChild? _child;
    private int _served;
    private long _nextId;

    /// <summary>The live child's process id, if any.</summary>
    public int? ProcessId => _child?.Process.Id;

    /// <summary>Starts the child now, so the first item finds it ready.</summary>
    public async Task WarmAsync(CancellationToken cancellationToken) =>
        _child ??= await IsolatedChild.StartAsync(group, settings, cancellationToken).ConfigureAwait(false);

    /// <summary>Runs one call: the child's reply, or how the child was lost on it (the child is then gone).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the child is gone.</exception>
    public async Task<PoolCallOutcome> CallAsync(CallRequest request, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        await WarmAsync(cancellationToken).ConfigureAwait(false);
        var child = _child!;
        var id = ++_nextId;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t)
        {
            limit.CancelAfter(t);
        }

        RemoteError? crash = null;
        try
        {
            if (child.TrySend(new Frame { Kind = FrameKind.Call, Id = id, Call = request }))
            {
                while (await child.ReadAsync(limit.Token).ConfigureAwait(false) is { } frame)
                {
                    if (frame.Kind == FrameKind.Crashed)
                    {
                        crash = frame.Error;
                    }
                    else if (frame.Id == id && frame.Kind is FrameKind.Returned or FrameKind.Threw)
                    {
                        await CountAsync().ConfigureAwait(false);
                        return new PoolCallOutcome(frame, null);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await RetireAsync().ConfigureAwait(false);
            return new PoolCallOutcome(null, new PoolLoss(TimedOut: true, null, null, null));
        }
        catch (OperationCanceledException)
        {
            await RetireAsync().ConfigureAwait(false);
            throw;
        }

        // The channel ended: the child died on this call.
        var ended = await child.EndAsync().ConfigureAwait(false);
        await RetireAsync().ConfigureAwait(false);
        return new PoolCallOutcome(null, new PoolLoss(false, ended.ExitCode, ended.Signal, crash is null ? null : RemoteException.From(crash)));
    }

    /// <summary>Kills and reaps the child's tree, if it has one; the next call starts a fresh child.</summary>
    public async Task RetireAsync()
    {
        var child = _child;
        _child = null;
        _served = 0;
        if (child is not null)
        {
            await child.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task CountAsync()
    {
        if (++_served >= itemsPerWorker)
        {
            await RetireAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>How a pool call ended: the child's reply, or the loss of the child.</summary>
internal sealed record PoolCallOutcome(Frame? Reply, PoolLoss? Loss);

/// <summary>How a worker was lost on a call.</summary>
internal sealed record PoolLoss(bool TimedOut, int? ExitCode, int? Signal, RemoteException? UnhandledException);

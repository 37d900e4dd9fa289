using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using ProcessKit.Testing.Isolation.Calls;
using ProcessKit.Testing.Isolation.Children;
using ProcessKit.Testing.Isolation.Pool;
using ProcessKit.Testing.Isolation.Protocol;

namespace ProcessKit.Testing.Isolation;

/// <summary>
/// Warm child processes that run a static function over many inputs, in one
/// <see cref="ProcessGroup"/>: results in input order or as they complete, as lists or streams.
/// A worker that crashes or passes the item timeout is replaced and its item tried again while the
/// item has lives (<see cref="WorkerPoolOptions.Lives"/>); then that item, alone, fails with
/// <see cref="WorkerLostException"/>. Disposal kills every worker and everything they started.
/// </summary>
/// <remarks>
/// The workers load the runtime configuration and dependencies of the program that started the
/// pool, so a function from any assembly that program references can run. Several maps may run at
/// once; their items share the workers. Thread-safe.
/// </remarks>
public sealed class WorkerPool : IAsyncDisposable
{
    private readonly ProcessGroup _group;
    private readonly PoolWorker[] _workers;
    private readonly Channel<PoolWorker> _idle;
    private readonly WorkerPoolOptions _options;
    private readonly CallerJson _json;
    private readonly CancellationTokenSource _disposing = new();
    private int _disposed;

    private WorkerPool(ProcessGroup group, ChildSettings settings, WorkerPoolOptions options, CallerJson json)
    {
        _group = group;
        _options = options;
        _json = json;
        _workers = [.. Enumerable.Range(0, options.Workers).Select(_ => new PoolWorker(group, settings, options.ItemsPerWorker))];
        _idle = Channel.CreateUnbounded<PoolWorker>();
        foreach (var worker in _workers)
        {
            _idle.Writer.TryWrite(worker);
        }
    }

    /// <summary>How many workers run items at once.</summary>
    public int Workers => _workers.Length;

    /// <summary>The process ids of the live workers (a lost or recycled worker is started again when an item needs it).</summary>
    public IReadOnlyList<int> ProcessIds => [.. _workers.Select(w => w.ProcessId).OfType<int>()];

    /// <summary>
    /// Starts a pool and its workers, and returns once every worker is ready. The workers load the
    /// runtime files of the calling assembly (else of the entry assembly).
    /// </summary>
    /// <param name="options">Worker count, limits, environment; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start; whatever started is killed.</param>
    /// <returns>The ready pool.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="NotIsolatableException"><see cref="WorkerPoolOptions.JsonOptions"/> captures state.</exception>
    /// <exception cref="FileNotFoundException">Neither the caller nor the entry assembly has a runtimeconfig.json and deps.json beside it.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Task<WorkerPool> StartAsync(WorkerPoolOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(Assembly.GetCallingAssembly(), options ?? new WorkerPoolOptions(), cancellationToken);

    /// <summary>Runs <paramref name="function"/> on every input; the results in input order once all are done.</summary>
    /// <typeparam name="TInput">An input's type.</typeparam>
    /// <typeparam name="TResult">A value's type.</typeparam>
    /// <param name="function">The function, from <see cref="IsolatedFunction"/> (a tuple input is spread over its parameters).</param>
    /// <param name="inputs">The inputs (enumerated once, at the call).</param>
    /// <param name="cancellationToken">Cancels the map: the workers running its items are killed (and replaced later).</param>
    /// <returns>One result per input, in input order.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The pool is disposed.</exception>
    public async Task<IReadOnlyList<PoolItemResult<TResult>>> MapAsync<TInput, TResult>(IsolatedFunction<TInput, TResult> function, IEnumerable<TInput> inputs, CancellationToken cancellationToken = default) =>
        await Task.WhenAll(Items(function, inputs, cancellationToken)).ConfigureAwait(false);

    /// <inheritdoc cref="MapAsync{TInput, TResult}(IsolatedFunction{TInput, TResult}, IEnumerable{TInput}, CancellationToken)" />
    /// <param name="function">A static method or a lambda that captures nothing.</param>
    /// <param name="inputs">The inputs (enumerated once, at the call).</param>
    /// <param name="cancellationToken">Cancels the map: the workers running its items are killed (and replaced later).</param>
    /// <exception cref="NotIsolatableException">The delegate captures state or cannot be found by a child.</exception>
    public Task<IReadOnlyList<PoolItemResult<TResult>>> MapAsync<TInput, TResult>(Func<TInput, TResult> function, IEnumerable<TInput> inputs, CancellationToken cancellationToken = default) =>
        MapAsync(IsolatedFunction.Of(function), inputs, cancellationToken);

    /// <summary>Runs <paramref name="function"/> on every input; the results in the order they completed once all are done.</summary>
    /// <inheritdoc cref="MapAsync{TInput, TResult}(IsolatedFunction{TInput, TResult}, IEnumerable{TInput}, CancellationToken)" />
    /// <returns>One result per input, in completion order (<see cref="PoolItemResult{T}.Index"/> tells whose).</returns>
    public async Task<IReadOnlyList<PoolItemResult<TResult>>> MapAsCompletedAsync<TInput, TResult>(IsolatedFunction<TInput, TResult> function, IEnumerable<TInput> inputs, CancellationToken cancellationToken = default)
    {
        var results = new List<PoolItemResult<TResult>>();
        await foreach (var result in StreamAsCompletedAsync(function, inputs, cancellationToken).ConfigureAwait(false))
        {
            results.Add(result);
        }

        return results;
    }

    /// <summary>Runs <paramref name="function"/> on every input; each result streamed in input order as soon as it and those before it are done.</summary>
    /// <inheritdoc cref="MapAsync{TInput, TResult}(IsolatedFunction{TInput, TResult}, IEnumerable{TInput}, CancellationToken)" />
    /// <returns>One result per input, in input order.</returns>
    public async IAsyncEnumerable<PoolItemResult<TResult>> StreamAsync<TInput, TResult>(IsolatedFunction<TInput, TResult> function, IEnumerable<TInput> inputs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in Items(function, inputs, cancellationToken))
        {
            yield return await item.ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="function"/> on every input; each result streamed as soon as it is done.</summary>
    /// <inheritdoc cref="MapAsync{TInput, TResult}(IsolatedFunction{TInput, TResult}, IEnumerable{TInput}, CancellationToken)" />
    /// <returns>One result per input, in completion order (<see cref="PoolItemResult{T}.Index"/> tells whose).</returns>
    public async IAsyncEnumerable<PoolItemResult<TResult>> StreamAsCompletedAsync<TInput, TResult>(IsolatedFunction<TInput, TResult> function, IEnumerable<TInput> inputs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in Task.WhenEach(Items(function, inputs, cancellationToken)).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return await item.ConfigureAwait(false);
        }
    }

    /// <summary>Kills every worker and everything it started, and removes the group. Items still running fail with <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        foreach (var worker in _workers)
        {
            await worker.RetireAsync().ConfigureAwait(false);
        }

        await _group.DisposeAsync().ConfigureAwait(false);
        _disposing.Dispose();
    }

    private static async Task<WorkerPool> StartAsync(Assembly caller, WorkerPoolOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        var json = CallerJson.From(options.JsonOptions, nameof(options.JsonOptions));
        var settings = new ChildSettings(HostFiles.For(caller), options.Environment, options.WorkingDirectory, null, options.Output, "worker");
        var pool = new WorkerPool(ProcessGroup.Create(), settings, options, json);
        try
        {
            await Task.WhenAll(pool._workers.Select(w => w.WarmAsync(cancellationToken))).ConfigureAwait(false);
            return pool;
        }
        catch
        {
            await pool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>One task per input, each queued for a worker at once; the workers take them in input order.</summary>
    private List<Task<PoolItemResult<TResult>>> Items<TInput, TResult>(IsolatedFunction<TInput, TResult> function, IEnumerable<TInput> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(inputs);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return [.. inputs.Select((input, index) => RunItemAsync(function, index, input, cancellationToken))];
    }

    private async Task<PoolItemResult<TResult>> RunItemAsync<TInput, TResult>(IsolatedFunction<TInput, TResult> function, int index, TInput input, CancellationToken cancellationToken)
    {
        var request = new CallRequest(function.Method, function.Arguments(input, _json.Options), _json.Factory, _options.Culture?.Name);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        PoolLoss? loss = null;
        for (var attempt = 1; attempt <= _options.Lives; attempt++)
        {
            PoolCallOutcome outcome;
            var worker = await TakeWorkerAsync(linked.Token, cancellationToken).ConfigureAwait(false);
            try
            {
                outcome = await worker.CallAsync(request, _options.ItemTimeout, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && _disposing.IsCancellationRequested)
            {
                throw new ObjectDisposedException(nameof(WorkerPool));
            }
            finally
            {
                await ReplaceIfGoneAsync(worker).ConfigureAwait(false);
                _idle.Writer.TryWrite(worker);
            }

            switch (outcome)
            {
                case { Reply: { Kind: FrameKind.Returned } reply }:
                    var value = reply.Value is null ? default! : JsonSerializer.Deserialize<TResult>(reply.Value, _json.Options)!;
                    return new PoolItemResult<TResult>(index, value, null, attempt);
                case { Reply: { Error: { } error } }:
                    return new PoolItemResult<TResult>(index, default!, RemoteException.From(error), attempt);
                default:
                    loss = outcome.Loss;
                    break;
            }
        }

        var lost = new WorkerLostException(index, _options.Lives, loss?.TimedOut ?? false, loss?.ExitCode, loss?.Signal, loss?.UnhandledException);
        return new PoolItemResult<TResult>(index, default!, lost, _options.Lives);
    }

    /// <summary>Starts a fresh child for a worker that lost or recycled its own, so the pool stays warm.</summary>
    private async Task ReplaceIfGoneAsync(PoolWorker worker)
    {
        if (worker.ProcessId is null && !_disposing.IsCancellationRequested)
        {
            try
            {
                await worker.WarmAsync(_disposing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // disposing: the group's teardown takes whatever started
            }
        }
    }

    private async Task<PoolWorker> TakeWorkerAsync(CancellationToken linked, CancellationToken caller)
    {
        try
        {
            return await _idle.Reader.ReadAsync(linked).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(WorkerPool));
        }
    }
}

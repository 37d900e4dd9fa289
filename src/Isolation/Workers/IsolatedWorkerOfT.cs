using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using ProcessKit.Testing.Isolation.Protocol;
using ProcessKit.Testing.Isolation.Workers;

namespace ProcessKit.Testing.Isolation;

/// <summary>
/// Code that runs in a contained child process through a lifecycle: before each run, the run,
/// after each run (repeated <see cref="IsolatedWorkerOptions.Runs"/> times, or until stopped), then
/// on finish and the result; an error handler decides about a run's exception. Derive from it,
/// override <see cref="RunAsync"/> and the phases you need, and start it with
/// <see cref="IsolatedWorker.StartAsync"/>.
/// </summary>
/// <remarks>
/// The instance you pass to <see cref="IsolatedWorker.StartAsync"/> is its configuration: it is
/// serialized as JSON (its public properties, as System.Text.Json sees them) and every life in the
/// child starts from a fresh instance read from that JSON. So the type needs a constructor
/// System.Text.Json can use (a parameterless one, or one marked <c>[JsonConstructor]</c>); what a
/// life changes in its fields is gone when that life is lost. A phase you do not override is
/// neither called nor timed. Messages to and from the parent cross as JSON with
/// <see cref="IsolatedWorkerOptions.JsonOptions"/>.
/// </remarks>
/// <typeparam name="TResult">What <see cref="ResultAsync"/> returns; it crosses as JSON.</typeparam>
public abstract class IsolatedWorker<TResult> : ILifecycleWorker
{
    private WorkerContext? _context;

    /// <summary>The run in progress, from 1 (during finish and result: the last run that began).</summary>
    /// <exception cref="InvalidOperationException">The instance is not running in its child.</exception>
    protected int RunNumber => Context.Run;

    /// <summary>The life this instance is, from 1: more than 1 after a crash, a thrown exception or a phase timeout cost a life.</summary>
    /// <exception cref="InvalidOperationException">The instance is not running in its child.</exception>
    protected int Life => Context.Life;

    private WorkerContext Context => _context
        ?? throw new InvalidOperationException("A worker's run number, life and messages exist only while it runs in its child, started by IsolatedWorker.StartAsync.");

    /// <summary>Sends <paramref name="message"/> to the parent, without waiting for it to be read.</summary>
    /// <typeparam name="T">The message's type; it crosses as JSON.</typeparam>
    /// <param name="message">The message.</param>
    /// <exception cref="InvalidOperationException">The instance is not running in its child.</exception>
    protected void Send<T>(T message) =>
        Context.Send(new WorkerFrame { Kind = WorkerFrameKind.Message, Payload = JsonSerializer.Serialize(message, Context.Json) });

    /// <summary>Takes the parent's next message if one is waiting.</summary>
    /// <typeparam name="T">The message's type.</typeparam>
    /// <param name="message">The message, when there was one.</param>
    /// <returns>Whether a message was waiting.</returns>
    protected bool TryReceive<T>([MaybeNullWhen(false)] out T message) => Context.Inbox.TryReceive(out message);

    /// <summary>Waits for the parent's next message.</summary>
    /// <typeparam name="T">The message's type.</typeparam>
    /// <param name="cancellationToken">Stops the wait (pass the phase's token, so a stop ends it).</param>
    /// <returns>The message.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    protected Task<T> ReceiveAsync<T>(CancellationToken cancellationToken) => Context.Inbox.ReceiveAsync<T>(ParentGone, cancellationToken);

    /// <summary>Waits at most <paramref name="timeout"/> for the parent's next message.</summary>
    /// <typeparam name="T">The message's type.</typeparam>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Stops the wait (pass the phase's token, so a stop ends it).</param>
    /// <returns>The message.</returns>
    /// <exception cref="TimeoutException">None arrived in time.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    protected Task<T> ReceiveAsync<T>(TimeSpan timeout, CancellationToken cancellationToken) => Context.Inbox.ReceiveAsync<T>(timeout, ParentGone, cancellationToken);

    /// <summary>Stops the worker gracefully, as the parent's <see cref="RunningWorker{TResult}.Stop"/> does: the run phases' token is cancelled, no run begins after this one, then finish and result run.</summary>
    protected void Stop() => Context.Stop();

    /// <summary>Runs before each run; nothing by default.</summary>
    /// <param name="cancellationToken">Cancelled when the worker is stopped.</param>
    /// <returns>The phase's work.</returns>
    protected virtual Task BeforeRunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>One run: the work the worker repeats.</summary>
    /// <param name="cancellationToken">Cancelled when the worker is stopped; an <see cref="OperationCanceledException"/> from it ends the run without error.</param>
    /// <returns>The run's work.</returns>
    protected abstract Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Runs after each run; nothing by default.</summary>
    /// <param name="cancellationToken">Cancelled when the worker is stopped.</param>
    /// <returns>The phase's work.</returns>
    protected virtual Task AfterRunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once after the last run, also when the worker was stopped or ran out of time; nothing by default.</summary>
    /// <returns>The phase's work.</returns>
    protected virtual Task OnFinishAsync() => Task.CompletedTask;

    /// <summary>Makes the worker's result, once, after <see cref="OnFinishAsync"/>; <c>default</c> by default.</summary>
    /// <returns>The result; it crosses to the parent as JSON.</returns>
    protected virtual Task<TResult> ResultAsync() => Task.FromResult(default(TResult)!);

    /// <summary>
    /// Decides about an exception a run's phase (<see cref="WorkerPhase.BeforeRun"/>,
    /// <see cref="WorkerPhase.Run"/>, <see cref="WorkerPhase.AfterRun"/>) threw: return true to take
    /// it (the rest of that run is skipped, the run counts, the next begins), false to let it cost a
    /// life. False by default. An exception from finish or result, or from this handler, always costs a life.
    /// </summary>
    /// <param name="exception">What the phase threw.</param>
    /// <param name="phase">The phase that threw.</param>
    /// <returns>Whether the error is taken.</returns>
    protected virtual Task<bool> OnErrorAsync(Exception exception, WorkerPhase phase) => Task.FromResult(false);

    void ILifecycleWorker.Attach(WorkerContext context) => _context = context;

    bool ILifecycleWorker.Overrides(WorkerPhase phase)
    {
        var (name, parameters) = phase switch
        {
            WorkerPhase.BeforeRun => (nameof(BeforeRunAsync), new[] { typeof(CancellationToken) }),
            WorkerPhase.Run => (nameof(RunAsync), [typeof(CancellationToken)]),
            WorkerPhase.AfterRun => (nameof(AfterRunAsync), [typeof(CancellationToken)]),
            WorkerPhase.Finish => (nameof(OnFinishAsync), []),
            WorkerPhase.Result => (nameof(ResultAsync), []),
            _ => (nameof(OnErrorAsync), [typeof(Exception), typeof(WorkerPhase)]),
        };
        var method = GetType().GetMethod(name, BindingFlags.Instance | BindingFlags.NonPublic, parameters);
        return method?.DeclaringType != typeof(IsolatedWorker<TResult>);
    }

    Task ILifecycleWorker.InvokeAsync(WorkerPhase phase, CancellationToken cancellationToken) => phase switch
    {
        WorkerPhase.BeforeRun => BeforeRunAsync(cancellationToken),
        WorkerPhase.Run => RunAsync(cancellationToken),
        WorkerPhase.AfterRun => AfterRunAsync(cancellationToken),
        WorkerPhase.Finish => OnFinishAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "Only the run phases and finish are invoked this way."),
    };

    async Task<string> ILifecycleWorker.ResultAsync() => JsonSerializer.Serialize(await ResultAsync().ConfigureAwait(false), Context.Json);

    Task<bool> ILifecycleWorker.HandleErrorAsync(Exception exception, WorkerPhase phase) => OnErrorAsync(exception, phase);

    private const string ParentGone = "The parent has gone; no more messages will come.";
}

using System.Diagnostics;
using System.Text.Json;
using ProcessKit.Testing.Isolation.Protocol;
using ProcessKit.Testing.Isolation.Workers;

namespace ProcessKit.Testing.Isolation.Host;

/// <summary>
/// The child's side of a lifecycle worker: a start frame makes the instance (from its
/// configuration JSON) and runs its lifecycle on the thread pool; message and stop frames reach it
/// while it runs. Every phase is timed here and reported, with its start, so the parent can time
/// it out. One worker per child.
/// </summary>
internal sealed class WorkerHost(FrameChannel channel, MethodInvoker invoker)
{
    private static readonly WorkerPhase[] RunPhases = [WorkerPhase.BeforeRun, WorkerPhase.Run, WorkerPhase.AfterRun];

    private WorkerContext? _context;

    /// <summary>Handles one worker frame from the parent.</summary>
    public void Receive(Frame frame)
    {
        var worker = WorkerFrame.From(frame);
        switch (worker?.Kind)
        {
            case WorkerFrameKind.Start when worker.Start is { } start && _context is null:
                // Made here, before the next frame is read, so the messages and stop that follow find it.
                var context = new WorkerContext(channel, invoker.JsonOptions(start.JsonOptions), start.Life);
                _context = context;
                _ = Task.Run(() => LiveAsync(start, context));
                break;
            case WorkerFrameKind.Message when worker.Payload is { } payload:
                _context?.Inbox.Post(payload);
                break;
            case WorkerFrameKind.Stop:
                _context?.Stop();
                break;
            default:
                break;
        }
    }

    private static async Task LiveAsync(WorkerStart start, WorkerContext context)
    {
        ILifecycleWorker worker;
        try
        {
            MethodInvoker.ApplyCulture(start.Culture);
            var type = MethodInvoker.LoadAssembly(start.AssemblyName, start.AssemblyPath).GetType(start.TypeName, throwOnError: true)!;
            worker = JsonSerializer.Deserialize(start.Configuration, type, context.Json) as ILifecycleWorker
                ?? throw new InvalidOperationException($"{start.TypeName} is not an IsolatedWorker.");
            worker.Attach(context);
        }
        catch (Exception e)
        {
            context.Send(new WorkerFrame { Kind = WorkerFrameKind.Threw, Error = RemoteError.From(e) });
            return;
        }

        if (start.Stopped)
        {
            context.Stop();
        }

        // What the type overrides is asked once: a phase it does not override is neither called nor timed.
        var runPhases = RunPhases.Where(worker.Overrides).ToArray();
        var stopped = context.Stopping.IsCancellationRequested;
        for (var run = start.FirstRun; !stopped && (start.Runs is not { } last || run <= last); run++)
        {
            context.Run = run;
            var began = Stopwatch.GetTimestamp();
            var outcome = PhaseOutcome.Returned;
            WorkerPhase failedPhase = default;
            Exception? error = null;
            foreach (var phase in runPhases)
            {
                (outcome, error) = await PhaseAsync(context, phase, () => worker.InvokeAsync(phase, context.Stopping.Token), context.Stopping.Token).ConfigureAwait(false);
                if (outcome != PhaseOutcome.Returned)
                {
                    failedPhase = phase;
                    break;
                }
            }

            if (outcome == PhaseOutcome.Threw && !await HandledAsync(context, worker, error!, failedPhase).ConfigureAwait(false))
            {
                return;
            }

            if (outcome != PhaseOutcome.Stopped)
            {
                var iteration = outcome == PhaseOutcome.Returned ? Stopwatch.GetElapsedTime(began).Ticks : (long?)null;
                context.Send(new WorkerFrame { Kind = WorkerFrameKind.RunEnded, Run = run, Ticks = iteration });
            }

            stopped = context.Stopping.IsCancellationRequested;
        }

        if (worker.Overrides(WorkerPhase.Finish) && !await ReturnedAsync(context, WorkerPhase.Finish, () => worker.InvokeAsync(WorkerPhase.Finish, CancellationToken.None)).ConfigureAwait(false))
        {
            return;
        }

        string? result = null;
        var made = await ReturnedAsync(context, WorkerPhase.Result, async () => result = await worker.ResultAsync().ConfigureAwait(false), timed: worker.Overrides(WorkerPhase.Result)).ConfigureAwait(false);
        if (made)
        {
            context.Send(new WorkerFrame { Kind = WorkerFrameKind.Ended, Payload = result, Stopped = stopped });
        }
    }

    /// <summary>Asks the error handler about a run's exception; when it does not take it, reports it (the life ends).</summary>
    private static async Task<bool> HandledAsync(WorkerContext context, ILifecycleWorker worker, Exception error, WorkerPhase phase)
    {
        if (worker.Overrides(WorkerPhase.Error))
        {
            var handled = false;
            if (!await ReturnedAsync(context, WorkerPhase.Error, async () => handled = await worker.HandleErrorAsync(error, phase).ConfigureAwait(false)).ConfigureAwait(false))
            {
                return false;
            }

            if (handled)
            {
                return true;
            }
        }

        context.Send(new WorkerFrame { Kind = WorkerFrameKind.Threw, Phase = phase, Run = context.Run, Error = RemoteError.From(error) });
        return false;
    }

    /// <summary>Runs a phase that no stop interrupts; when it throws, reports it (the life ends) and returns false.</summary>
    private static async Task<bool> ReturnedAsync(WorkerContext context, WorkerPhase phase, Func<Task> body, bool timed = true)
    {
        var (outcome, error) = timed ? await PhaseAsync(context, phase, body, CancellationToken.None).ConfigureAwait(false) : await UntimedAsync(body).ConfigureAwait(false);
        if (outcome == PhaseOutcome.Threw)
        {
            context.Send(new WorkerFrame { Kind = WorkerFrameKind.Threw, Phase = phase, Run = context.Run, Error = RemoteError.From(error!) });
        }

        return outcome == PhaseOutcome.Returned;
    }

    /// <summary>Runs one phase between its start and end reports, and times it.</summary>
    private static async Task<(PhaseOutcome Outcome, Exception? Error)> PhaseAsync(WorkerContext context, WorkerPhase phase, Func<Task> body, CancellationToken stopping)
    {
        context.Send(new WorkerFrame { Kind = WorkerFrameKind.PhaseStarted, Phase = phase, Run = context.Run });
        var began = Stopwatch.GetTimestamp();
        (PhaseOutcome Outcome, Exception? Error) ended = (PhaseOutcome.Returned, null);
        try
        {
            await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            ended = (PhaseOutcome.Stopped, null);
        }
        catch (Exception e)
        {
            ended = (PhaseOutcome.Threw, e);
        }

        // Only a phase that returned is a timing sample; every end stops the parent's phase timeout.
        var ticks = ended.Outcome == PhaseOutcome.Returned ? Stopwatch.GetElapsedTime(began).Ticks : (long?)null;
        context.Send(new WorkerFrame { Kind = WorkerFrameKind.PhaseEnded, Phase = phase, Run = context.Run, Ticks = ticks });
        return ended;
    }

    /// <summary>Runs what the worker does not override (the default result), without reports.</summary>
    private static async Task<(PhaseOutcome Outcome, Exception? Error)> UntimedAsync(Func<Task> body)
    {
        try
        {
            await body().ConfigureAwait(false);
            return (PhaseOutcome.Returned, null);
        }
        catch (Exception e)
        {
            return (PhaseOutcome.Threw, e);
        }
    }

    private enum PhaseOutcome
    {
        Returned,
        Threw,
        Stopped,
    }
}

namespace ProcessKit;

/// <summary>
/// One wait for readiness: runs a probe against the process's exit, a deadline on the wait's
/// clock and the caller's token, and turns whichever comes first into the result or the typed
/// error. Nothing here touches the process beyond watching it.
/// </summary>
internal static class ReadinessWait
{
    /// <summary>A task for "no process to exit", which never completes.</summary>
    private static readonly Task NeverExits = new TaskCompletionSource().Task;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is neither positive (and at most <see cref="TimerLimit.Max"/>) nor infinite.</exception>
    internal static void ValidateTimeout(TimeSpan timeout) =>
        TimerLimit.ThrowIfInvalid(timeout, nameof(timeout), "A readiness timeout", allowZero: false, allowInfinite: true);

    /// <summary>
    /// Runs <paramref name="wait"/> (the work of <paramref name="probe"/>) until it completes, the
    /// process exits, <paramref name="timeout"/> passes on <paramref name="timeProvider"/>, or
    /// <paramref name="cancellationToken"/> is cancelled, and returns <paramref name="result"/> of
    /// its task. A probe that is already satisfied when the exit is seen counts as ready. Once this
    /// returns or throws, the probe's token is cancelled.
    /// </summary>
    /// <remarks>
    /// A line probe is satisfied on the thread that reads the pipes, and the wait finishes there
    /// (see <see cref="LineProbe"/>): a caller blocked on the task is woken from that thread, with
    /// no thread-pool hop between the line and the caller. An <c>await</c> on the task never
    /// continues there: the task it gets runs its continuations asynchronously. Between the line
    /// and the caller there are as few steps as the work needs (the probe's own wait, the first of
    /// the four outcomes, this method's end): each runs cold, once per wait, on that thread.
    /// </remarks>
    internal static Task<T> RunAsync<T>(
        ReadinessProbe probe,
        Func<ReadinessProbe, ReadinessContext, CancellationToken, Task> wait,
        Func<Task, T> result,
        RunningProcess? process,
        TimeSpan timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        return ContinuingOffTheWaitsThread(WaitAsync());

        async Task<T> WaitAsync()
        {
            cancellationToken.ThrowIfCancellationRequested();
            var context = new ReadinessContext(process, timeProvider);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var ready = wait(probe, context, stop.Token);
            try
            {
                var exited = process?.Exited ?? NeverExits;

                // The first of: ready, exited, overdue (the timeout passed), or cancelled. The timer
                // and the registration are gone once one has come, so stopping the probe afterwards
                // completes nothing: a cancelled Task.Delay in their place would hand the finished
                // WhenAny one more thread-pool item, and wake a worker, on every wait.
                var overdue = new TaskCompletionSource();
                using (timeout == Timeout.InfiniteTimeSpan ? null
                    : timeProvider.CreateTimer(static state => ((TaskCompletionSource)state!).TrySetResult(), overdue, timeout, Timeout.InfiniteTimeSpan))
                using (stop.Token.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), overdue))
                {
                    await Task.WhenAny(ready, exited, overdue.Task).ConfigureAwait(false);
                }

                if (ready.IsCompletedSuccessfully)
                {
                    return result(ready);
                }

                cancellationToken.ThrowIfCancellationRequested();
                // A probe that failed (a predicate threw, a line probe had no process) is the error; one
                // that was satisfied before the exit or the deadline was seen (a line written just
                // before the exit) completes in a moment and counts as ready.
                var pending = probe.DescribePending(context);
                if (ready.IsCompleted || pending is null)
                {
                    await ready.ConfigureAwait(false);
                    return result(ready);
                }

                if (process is not null && exited.IsCompleted)
                {
                    throw ExitedBeforeReady(process, pending);
                }

                throw new ReadinessTimeoutException(pending, timeout, process?.RecentLines ?? [], process?.Command);
            }
            finally
            {
                StopProbe(stop);
                TaskFaults.Observe(ready);
            }
        }
    }

    /// <summary>
    /// <paramref name="waiting"/>, or, when it is still running, a task that completes with it and
    /// runs its continuations asynchronously: a blocked caller is still woken on the thread that
    /// finishes the wait, an <c>await</c> is not continued there.
    /// </summary>
    private static Task<T> ContinuingOffTheWaitsThread<T>(Task<T> waiting)
    {
        if (waiting.IsCompleted)
        {
            return waiting;
        }

        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting.ContinueWith(
            static (finished, state) => ((TaskCompletionSource<T>)state!).TrySetFromTask(finished),
            result,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return result.Task;
    }

    /// <summary>
    /// Cancels the probe's token on this thread: its callbacks are the wait's own timers and the
    /// probe's (cheap, and they must not throw). <c>CancelAsync</c> would run them as one more
    /// thread-pool item and complete the wait only after it, a thread wake-up more between the
    /// line or port being seen and the caller resuming.
    /// </summary>
    private static void StopProbe(CancellationTokenSource stop) => stop.Cancel();

    private static ProcessExitedBeforeReadyException ExitedBeforeReady(RunningProcess process, string awaited)
    {
        // Exited completes only after the output is drained, so the recent lines are complete.
        var lastLines = process.RecentLines;
        return process.Exited.IsCompletedSuccessfully
            ? new ProcessExitedBeforeReadyException(awaited, process.Exited.Result, lastLines)
            : new ProcessExitedBeforeReadyException(awaited, process.Command, process.Exited.Exception!.InnerException ?? process.Exited.Exception, lastLines);
    }
}

namespace ProcessKit.Testing.Isolation.Workers;

/// <summary>The child's way into a worker instance, whatever its result type: its phases, and the context it runs in.</summary>
internal interface ILifecycleWorker
{
    /// <summary>Gives the instance its life's context (messages, stop, run number).</summary>
    void Attach(WorkerContext context);

    /// <summary>Whether the worker's type overrides <paramref name="phase"/> (a phase it does not is neither called nor timed).</summary>
    bool Overrides(WorkerPhase phase);

    /// <summary>Runs <see cref="WorkerPhase.BeforeRun"/>, <see cref="WorkerPhase.Run"/>, <see cref="WorkerPhase.AfterRun"/> or <see cref="WorkerPhase.Finish"/>.</summary>
    Task InvokeAsync(WorkerPhase phase, CancellationToken cancellationToken);

    /// <summary>Runs <see cref="WorkerPhase.Result"/> and gives the result as the caller's JSON.</summary>
    Task<string> ResultAsync();

    /// <summary>Runs <see cref="WorkerPhase.Error"/>: true when the handler took the error.</summary>
    Task<bool> HandleErrorAsync(Exception exception, WorkerPhase phase);
}

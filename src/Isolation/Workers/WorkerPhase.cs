namespace ProcessKit.Testing.Isolation;

/// <summary>A phase of an <see cref="IsolatedWorker{TResult}"/>: what it is timed and reported by.</summary>
public enum WorkerPhase
{
    /// <summary>Before each run: <c>BeforeRunAsync</c>.</summary>
    BeforeRun,

    /// <summary>The run: <c>RunAsync</c>.</summary>
    Run,

    /// <summary>After each run: <c>AfterRunAsync</c>.</summary>
    AfterRun,

    /// <summary>Once, after the last run: <c>OnFinishAsync</c>.</summary>
    Finish,

    /// <summary>Once, at the end: <c>ResultAsync</c>, which makes the result.</summary>
    Result,

    /// <summary>The error handler: <c>OnErrorAsync</c>, when a run's phase threw.</summary>
    Error,
}

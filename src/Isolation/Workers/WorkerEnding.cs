namespace ProcessKit.Testing.Isolation;

/// <summary>How an <see cref="IsolatedWorker{TResult}"/> ended.</summary>
public enum WorkerEnding
{
    /// <summary>It made all its <see cref="IsolatedWorkerOptions.Runs"/>, then finished and made its result.</summary>
    Completed,

    /// <summary>It was stopped (by the parent, or by itself), then finished and made its result.</summary>
    Stopped,

    /// <summary>Its <see cref="IsolatedWorkerOptions.TimeLimit"/> passed; it was stopped, then finished and made its result.</summary>
    TimeLimit,

    /// <summary>The parent killed it (its whole tree); it made no result.</summary>
    Killed,

    /// <summary>It lost all its <see cref="IsolatedWorkerOptions.Lives"/>; it made no result, see <see cref="WorkerResult{TResult}.Error"/>.</summary>
    OutOfLives,
}

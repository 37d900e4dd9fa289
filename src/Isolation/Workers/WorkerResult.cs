using System.Runtime.ExceptionServices;

namespace ProcessKit.Testing.Isolation;

/// <summary>How an <see cref="IsolatedWorker{TResult}"/> ended: its result, or why it has none; its runs, lost lives and times.</summary>
/// <typeparam name="TResult">The result's type.</typeparam>
public sealed class WorkerResult<TResult>
{
    private readonly TResult _value;

    internal WorkerResult(string name, WorkerEnding ending, TResult value, Exception? error, int runs, IReadOnlyList<LostLife> lostLives, WorkerTimings timings, TimeSpan duration)
    {
        Name = name;
        Ending = ending;
        _value = value;
        Error = error;
        Runs = runs;
        LostLives = lostLives;
        Timings = timings;
        Duration = duration;
    }

    /// <summary>The worker's type name.</summary>
    public string Name { get; }

    /// <summary>How the worker ended.</summary>
    public WorkerEnding Ending { get; }

    /// <summary>Whether the worker made its result (it completed, was stopped or ran out of time).</summary>
    public bool Succeeded => Ending is WorkerEnding.Completed or WorkerEnding.Stopped or WorkerEnding.TimeLimit;

    /// <summary>Why there is no result: a <see cref="WorkerOutOfLivesException"/> when the worker lost every life; null otherwise.</summary>
    public Exception? Error { get; }

    /// <summary>How many runs were done (a run whose error the handler took counts; one lost with a life does not).</summary>
    public int Runs { get; }

    /// <summary>How many lives the worker used, from 1.</summary>
    public int Lives => LostLives.Count + (Ending == WorkerEnding.OutOfLives ? 0 : 1);

    /// <summary>The lives it lost, in order.</summary>
    public IReadOnlyList<LostLife> LostLives { get; }

    /// <summary>The phase and iteration times.</summary>
    public WorkerTimings Timings { get; }

    /// <summary>From the start to the end, over every life.</summary>
    public TimeSpan Duration { get; }

    /// <summary>What the worker's <c>ResultAsync</c> returned, read back from JSON.</summary>
    /// <exception cref="WorkerOutOfLivesException">The worker lost every life (its <see cref="Error"/>, rethrown).</exception>
    /// <exception cref="InvalidOperationException">The worker was killed.</exception>
    public TResult Value
    {
        get
        {
            if (Error is not null)
            {
                ExceptionDispatchInfo.Throw(Error);
            }

            return Ending == WorkerEnding.Killed ? throw new InvalidOperationException($"{Name} was killed; it made no result.") : _value;
        }
    }

    /// <summary>The ending, in words.</summary>
    public override string ToString() => $"{Name}: {Ending} after {Runs} runs and {Lives} lives";
}

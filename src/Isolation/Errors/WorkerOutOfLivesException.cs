using System.Text;

namespace ProcessKit.Testing.Isolation;

/// <summary>
/// An <see cref="IsolatedWorker{TResult}"/> lost every life (to thrown exceptions, crashes or phase
/// timeouts) and made no result. The message lists each loss and the last child's last lines; the
/// inner exception is the last loss's <see cref="RemoteException"/>, when it had one.
/// </summary>
public sealed class WorkerOutOfLivesException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="workerName">The worker's type name.</param>
    /// <param name="lostLives">Every life it lost, in order (at least one).</param>
    public WorkerOutOfLivesException(string workerName, IReadOnlyList<LostLife> lostLives)
        : base(Describe(workerName, lostLives), lostLives is [.., { Error: { } last }] ? last : null)
    {
        LostLives = lostLives;
    }

    /// <summary>Every life the worker lost, in order.</summary>
    public IReadOnlyList<LostLife> LostLives { get; }

    private static string Describe(string workerName, IReadOnlyList<LostLife> lostLives)
    {
        ArgumentNullException.ThrowIfNull(lostLives);
        var text = new StringBuilder().Append(workerName).Append(" ran out of lives (").Append(lostLives.Count).Append("):");
        foreach (var life in lostLives)
        {
            text.AppendLine().Append("  ").Append(life);
        }

        var lines = lostLives.Count > 0 ? lostLives[^1].Output.TakeLast(UnexpectedOutcomeException.QuotedLines).ToList() : [];
        if (lines.Count > 0)
        {
            text.AppendLine().Append("The last child's last lines of output:");
            foreach (var line in lines)
            {
                text.AppendLine().Append("  ").Append(line);
            }
        }

        return text.ToString();
    }
}

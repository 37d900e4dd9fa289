namespace ProcessKit;

/// <summary>
/// Ready on the first line that matches, seen as it arrives through
/// <see cref="RunningProcess.ObserveLines"/>: no polling. The recent lines written before the wait
/// began are checked first, so a line that came early still counts, and "first" means first written.
/// </summary>
internal sealed class LineProbe : ReadinessProbe
{
    private readonly Func<string, bool> _matches;
    private readonly OutputSource? _source;

    /// <param name="matches">The matcher, given each line's text.</param>
    /// <param name="what">What it matches, for the description ("a line matching /ready/").</param>
    /// <param name="source">The stream to watch; null for both.</param>
    internal LineProbe(Func<string, bool> matches, string what, OutputSource? source)
    {
        _matches = matches;
        _source = source;
        Description = $"{what} on {Where(source)}";
    }

    public override string Description { get; }

    /// <summary>Waits for the first matching line and returns it.</summary>
    /// <exception cref="InvalidOperationException">The wait has no process.</exception>
    internal async Task<OutputLine> WaitForLineAsync(ReadinessContext context, CancellationToken cancellationToken)
    {
        var process = context.Process ?? throw new InvalidOperationException(
            $"Waiting for {Description} needs a process: a line probe watches the output of a started process. "
            + "Pass the RunningProcess, or wait on a port, URL, file or socket instead.");
        var search = new Search(this, context);
        using var observing = process.ObserveLines(search.Live, includeRecent: false);
        search.CatchUp(process.RecentLines);
        using var stopping = cancellationToken.Register(() => search.Found.TrySetCanceled(cancellationToken));
        return await search.Found.Task.ConfigureAwait(false);
    }

    protected internal override Task WaitAsync(ReadinessContext context, CancellationToken cancellationToken) =>
        WaitForLineAsync(context, cancellationToken);

    private static string Where(OutputSource? source) => source switch
    {
        OutputSource.StandardOutput => "standard output",
        OutputSource.StandardError => "standard error",
        _ => "standard output or standard error",
    };

    /// <summary>
    /// One wait's search, in the order the lines were written: the observer is attached first and
    /// holds back live lines while the recent ones (taken after it was attached, so nothing falls
    /// between) are checked; then the held-back lines that the recent ones did not already include.
    /// Checks run one at a time, so the matcher is never called concurrently.
    /// </summary>
    private sealed class Search(LineProbe probe, ReadinessContext context)
    {
        private readonly Lock _gate = new();
        private List<OutputLine>? _heldBack = [];

        /// <summary>
        /// Completed on the thread that reads the pipes, and its continuations run there: only
        /// the wait's own code follows it (<see cref="ReadinessWait"/>, <see cref="CombinedWait"/>),
        /// which hands the caller a task that continues elsewhere. A thread-pool hop here would
        /// put a wake-up between the line and a caller blocked on the wait.
        /// </summary>
        internal TaskCompletionSource<OutputLine> Found { get; } = new();

        internal void Live(OutputLine line)
        {
            lock (_gate)
            {
                if (_heldBack is not null)
                {
                    _heldBack.Add(line);
                    return;
                }

                Check(line);
            }
        }

        internal void CatchUp(IReadOnlyList<OutputLine> recent)
        {
            lock (_gate)
            {
                foreach (var line in recent)
                {
                    Check(line);
                }

                // A held-back line equal to a recent one is that line (or one no different to a matcher).
                foreach (var line in _heldBack!.Where(l => !recent.Contains(l)))
                {
                    Check(line);
                }

                _heldBack = null;
            }
        }

        private void Check(OutputLine line)
        {
            if (Found.Task.IsCompleted || (probe._source is { } wanted && line.Source != wanted))
            {
                return;
            }

            try
            {
                if (probe._matches(line.Text))
                {
                    // Recorded here, on the reader's thread, before the process's end can be
                    // published: a wait that sees the exit then knows the line came first.
                    context.MarkReady(probe);
                    Found.TrySetResult(line);
                }
            }
#pragma warning disable CA1031 // The matcher is the caller's code: whatever it throws is the wait's error, not the output reader's.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Found.TrySetException(e);
            }
        }
    }
}

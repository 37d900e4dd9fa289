using System.Text.RegularExpressions;

namespace ProcessKit.Testing;

/// <summary>
/// Watches a starting server's output for a line saying its port is taken, and then cancels the
/// readiness wait (whose token it gives) so the start can be retried on new ports without waiting
/// for the timeout. Also cancelled when the caller's token is.
/// </summary>
internal sealed class PortConflictWatch : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly IDisposable? _observation;
    private volatile bool _seen;

    internal PortConflictWatch(RunningProcess process, Regex? pattern, CancellationToken cancellationToken)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (pattern is not null)
        {
            _observation = process.ObserveLines(line =>
            {
                if (!_seen && pattern.IsMatch(line.Text))
                {
                    _seen = true;
                    try
                    {
                        // Asynchronously: the waiters' continuations must not run on the output thread.
                        _ = _cancellation.CancelAsync();
                    }
                    catch (ObjectDisposedException)
                    {
                        // The attempt is over already.
                    }
                }
            });
        }
    }

    /// <summary>True once a line matched.</summary>
    internal bool Seen => _seen;

    /// <summary>Cancelled when a line matched or the caller cancelled.</summary>
    internal CancellationToken Token => _cancellation.Token;

    public void Dispose()
    {
        _observation?.Dispose();
        _cancellation.Dispose();
    }
}

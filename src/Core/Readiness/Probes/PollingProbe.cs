namespace ProcessKit;

/// <summary>
/// A probe that checks, and checks again after <see cref="ReadinessContext.PollInterval"/> until
/// a check says ready. The first check is immediate.
/// </summary>
internal abstract class PollingProbe : ReadinessProbe
{
    protected internal sealed override async Task WaitAsync(ReadinessContext context, CancellationToken cancellationToken)
    {
        while (!await IsReadyAsync(context, cancellationToken).ConfigureAwait(false))
        {
            await context.WaitForNextPollAsync(cancellationToken).ConfigureAwait(false);
        }

        context.MarkReady(this);
    }

    /// <summary>One check. "Not ready yet" is false (with a finding reported to the context); only a bug or cancellation throws.</summary>
    protected abstract Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken);
}

namespace ProcessKit;

/// <summary>Another probe, whose polling members check every <c>interval</c> (<see cref="ReadinessProbe.WithPollInterval"/>).</summary>
internal sealed class PollIntervalProbe(ReadinessProbe inner, TimeSpan interval) : ReadinessProbe
{
    public override string Description => inner.Description;

    protected internal override Task WaitAsync(ReadinessContext context, CancellationToken cancellationToken) =>
        inner.StartWaitAsync(context.WithPollInterval(interval), cancellationToken);

    internal override string? DescribePending(ReadinessContext context) =>
        context.WasReady(this) ? null : inner.DescribePending(context);
}

namespace ProcessKit;

/// <summary>Ready once the caller's check returns true; what it throws is the wait's error.</summary>
internal sealed class ConditionProbe(string description, Func<CancellationToken, Task<bool>> isReady) : PollingProbe
{
    public override string Description => description;

    protected override Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken) =>
        isReady(cancellationToken)
        ?? throw new InvalidOperationException($"The readiness condition '{description}' returned no task.");
}

namespace ProcessKit;

/// <summary>Ready as soon as one member is; the others are then stopped. A member that fails is the error.</summary>
internal sealed class AnyProbe(ReadinessProbe[] members) : ReadinessProbe
{
    public override string Description { get; } = $"any of ({string.Join("; ", members.Select(m => m.Description))})";

    protected internal override Task WaitAsync(ReadinessContext context, CancellationToken cancellationToken) =>
        CombinedWait.AnyAsync(members, context, cancellationToken);

    internal override string? DescribePending(ReadinessContext context)
    {
        var each = members.Select(m => m.DescribePending(context)).ToList();
        return context.WasReady(this) || each.Contains(null) ? null
            : each.Count == 1 ? each[0]
            : $"any of ({string.Join("; ", each)})";
    }
}

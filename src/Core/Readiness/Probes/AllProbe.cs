namespace ProcessKit;

/// <summary>
/// Ready once every member has been ready. Members are awaited together; the first that fails
/// stops the others and is the error. On a timeout only the members still pending are described.
/// </summary>
internal sealed class AllProbe(ReadinessProbe[] members) : ReadinessProbe
{
    public override string Description { get; } = $"all of ({string.Join("; ", members.Select(m => m.Description))})";

    protected internal override Task WaitAsync(ReadinessContext context, CancellationToken cancellationToken) =>
        CombinedWait.AllAsync(members, context, cancellationToken);

    internal override string? DescribePending(ReadinessContext context)
    {
        var pending = members.Select(m => m.DescribePending(context)).OfType<string>().ToList();
        return context.WasReady(this) || pending.Count == 0 ? null
            : pending.Count == 1 ? pending[0]
            : $"all of ({string.Join("; ", pending)})";
    }
}

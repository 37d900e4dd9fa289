namespace ProcessKit;

/// <summary>
/// Awaits several probes together, for <see cref="ReadinessProbe.All"/> and
/// <see cref="ReadinessProbe.Any"/>. Members share the wait's context, so each member's progress
/// is visible to the timeout message.
/// </summary>
internal static class CombinedWait
{
    /// <summary>Completes when every member has been ready; the first member to fail stops the others and is rethrown.</summary>
    internal static async Task AllAsync(ReadinessProbe[] members, ReadinessContext context, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = members.Select(m => MemberAsync(m, context, stop.Token)).ToList();
        try
        {
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny(pending).ConfigureAwait(false);
                pending.Remove(done);
                await done.ConfigureAwait(false);
            }
        }
        finally
        {
            await StopAsync(stop, pending).ConfigureAwait(false);
        }
    }

    /// <summary>Completes when one member is ready, then stops the others; a member that fails first is rethrown.</summary>
    internal static async Task AnyAsync(ReadinessProbe[] members, ReadinessContext context, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = members.Select(m => MemberAsync(m, context, stop.Token)).ToList();
        try
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            await done.ConfigureAwait(false);
        }
        finally
        {
            await StopAsync(stop, pending).ConfigureAwait(false);
        }
    }

    private static async Task MemberAsync(ReadinessProbe member, ReadinessContext context, CancellationToken cancellationToken)
    {
        await member.StartWaitAsync(context, cancellationToken).ConfigureAwait(false);
        context.MarkReady(member);
    }

    private static async Task StopAsync(CancellationTokenSource stop, List<Task> pending)
    {
        await stop.CancelAsync().ConfigureAwait(false);
        foreach (var waiting in pending)
        {
            // Its token is cancelled; a fault it ends with later has nobody left to await it.
            TaskFaults.Observe(waiting);
        }
    }
}

namespace ProcessKit.Testing;

/// <summary>
/// The ports of one server and their claims: allocated ones are claimed free, fixed ones claimed as
/// given. Kept across restarts; allocated ones are replaced when the server could not bind them.
/// </summary>
internal sealed class ServerPorts : IDisposable
{
    private readonly PortAllocator _allocator;
    private readonly string _owner;
    private readonly List<Entry> _entries = [];

    private ServerPorts(PortAllocator allocator, string owner)
    {
        _allocator = allocator;
        _owner = owner;
    }

    /// <summary>True when at least one port was allocated (so a new one can be tried).</summary>
    internal bool HasAllocated => _entries.Exists(entry => !entry.Fixed);

    /// <summary>The ports by name, in declaration order.</summary>
    internal IReadOnlyList<KeyValuePair<string, int>> Values => [.. _entries.Select(entry => new KeyValuePair<string, int>(entry.Name, entry.Claim.Port))];

    /// <summary>Claims every port of <paramref name="requests"/>; on failure releases what it had claimed.</summary>
    /// <exception cref="PortUnavailableException">A fixed port is claimed or bound by another process, or no free port was found.</exception>
    internal static ServerPorts Claim(IEnumerable<PortRequest> requests, PortAllocator allocator, string owner)
    {
        var ports = new ServerPorts(allocator, owner);
        try
        {
            foreach (var request in requests)
            {
                var claim = request.FixedPort is { } port ? allocator.ClaimPort(port, owner) : allocator.ClaimFreePort(owner);
                ports._entries.Add(new Entry(request.Name, claim, request.FixedPort is not null));
            }

            return ports;
        }
        catch
        {
            ports.Dispose();
            throw;
        }
    }

    /// <summary>True when an allocated port cannot be bound now: someone else took it (checked once the server has exited).</summary>
    internal bool AnyAllocatedPortTaken() => _entries.Exists(entry => !entry.Fixed && !PortAllocator.IsBindable(entry.Claim.Port));

    /// <summary>Claims new ports for the allocated ones, then releases the old ones (so none comes back at once).</summary>
    internal void ReplaceAllocated()
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            if (!entry.Fixed)
            {
                var fresh = _allocator.ClaimFreePort(_owner);
                _entries[i] = entry with { Claim = fresh };
                entry.Claim.Dispose();
            }
        }
    }

    /// <summary>Releases every claim.</summary>
    public void Dispose()
    {
        foreach (var entry in _entries)
        {
            entry.Claim.Dispose();
        }

        _entries.Clear();
    }

    private sealed record Entry(string Name, PortClaim Claim, bool Fixed);
}

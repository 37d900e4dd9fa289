using System.Collections.Immutable;

namespace ProcessKit.Testing;

/// <summary>
/// The ports of one server and their claims: allocated ones are claimed free, fixed ones claimed as
/// given. Kept across restarts; allocated ones are replaced when the server could not bind them.
/// Readable from any thread while a start replaces ports (the set is swapped, never changed in place).
/// </summary>
internal sealed class ServerPorts : IDisposable
{
    private readonly PortAllocator _allocator;
    private readonly string _owner;
    private ImmutableArray<Entry> _entries = [];

    private ServerPorts(PortAllocator allocator, string owner)
    {
        _allocator = allocator;
        _owner = owner;
    }

    /// <summary>True when at least one port was allocated (so a new one can be tried).</summary>
    internal bool HasAllocated => _entries.Any(entry => !entry.Fixed);

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
                ports._entries = ports._entries.Add(new Entry(request.Name, claim, request.FixedPort is not null));
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
    internal bool AnyAllocatedPortTaken() => _entries.Any(entry => !entry.Fixed && !PortAllocator.IsBindable(entry.Claim.Port));

    /// <summary>Claims new ports for the allocated ones, then releases the old ones (so none comes back at once).</summary>
    internal void ReplaceAllocated()
    {
        var old = _entries;
        var fresh = ImmutableArray.CreateBuilder<Entry>(old.Length);
        try
        {
            foreach (var entry in old)
            {
                fresh.Add(entry.Fixed ? entry : entry with { Claim = _allocator.ClaimFreePort(_owner) });
            }
        }
        catch
        {
            foreach (var entry in fresh.Where(entry => !entry.Fixed))
            {
                entry.Claim.Dispose();
            }

            throw;
        }

        _entries = fresh.MoveToImmutable();
        foreach (var entry in old.Where(entry => !entry.Fixed))
        {
            entry.Claim.Dispose();
        }
    }

    /// <summary>Releases every claim.</summary>
    public void Dispose()
    {
        var entries = _entries;
        _entries = [];
        foreach (var entry in entries)
        {
            entry.Claim.Dispose();
        }
    }

    private sealed record Entry(string Name, PortClaim Claim, bool Fixed);
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Testing.Tests.Fixtures;

/// <summary>Port claims: free and bindable, exclusive in this process and across processes, released on dispose.</summary>
public sealed class PortAllocatorTests : SpawningTest
{
    private const string ChildLockDirectory = "PROCESSKIT_TEST_CHILD_LOCKS";
    private const string ChildPortsFile = "PROCESSKIT_TEST_CHILD_PORTS";
    private const string ChildReleaseFile = "PROCESSKIT_TEST_CHILD_RELEASE";
    private const int PortsPerAllocator = 100;

    [Fact]
    public void A_claimed_port_is_bindable_and_no_allocator_hands_it_out_until_released()
    {
        var allocator = new PortAllocator(TempPath("locks"));
        var other = new PortAllocator(TempPath("locks"));

        var claim = allocator.ClaimFreePort("test");

        Assert.True(PortAllocator.IsBindable(claim.Port));
        Assert.False(other.TryClaimPort(claim.Port, "other", out _));
        claim.Dispose();
        Assert.False(claim.IsHeld);
        Assert.True(other.TryClaimPort(claim.Port, "other", out var again));
        again.Dispose();
    }

    [Fact]
    public async Task Claims_made_in_parallel_in_one_process_are_all_different()
    {
        var allocator = new PortAllocator(TempPath("locks"));

        var claims = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => allocator.ClaimFreePort("parallel"), Token)));

        Assert.Equal(claims.Length, claims.Select(claim => claim.Port).Distinct().Count());
        Array.ForEach(claims, claim => claim.Dispose());
    }

    [Fact]
    public void Claiming_a_port_that_is_bound_fails_and_says_it_is_in_use()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var allocator = new PortAllocator(TempPath("locks"));

        var error = Assert.Throws<PortUnavailableException>(() => allocator.ClaimPort(port));

        Assert.Equal(port, error.Port);
        Assert.Contains("already in use", error.Message, StringComparison.Ordinal);
        Assert.False(allocator.TryClaimPort(port, null, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void A_port_outside_1_to_65535_is_refused(int port)
    {
        var allocator = new PortAllocator(TempPath("locks"));

        Assert.Throws<ArgumentOutOfRangeException>(() => allocator.ClaimPort(port));
    }

    [LinuxFact]
    public async Task A_claim_is_a_lock_other_programs_see_and_a_lock_they_hold_is_respected()
    {
        var locks = TempPath("locks");
        var allocator = new PortAllocator(locks);
        var claim = allocator.ClaimFreePort("test");
        var lockFile = Path.Combine(locks, claim.Port.ToString(CultureInfo.InvariantCulture) + ".lock");

        Assert.Equal(1, await Track(new Command("flock", "-n", lockFile, "true")).ExitCodeAsync(Token));
        var port = claim.Port;
        claim.Dispose();
        Assert.Equal(0, await Track(new Command("flock", "-n", lockFile, "true")).ExitCodeAsync(Token));

        // Now another program holds the lock: the port is not handed out although it is bindable.
        await using var holder = await Track(new Command("flock", "-n", lockFile, TestHelperProgram.Path, "out", "locked", "hang")).StartAsync(Token);
        await ReadinessProbe.Line(new System.Text.RegularExpressions.Regex("^locked$")).WaitUntilReadyAsync(holder, ProcessAssert.WaitLimit, cancellationToken: Token);
        Assert.True(PortAllocator.IsBindable(port));
        var error = Assert.Throws<PortUnavailableException>(() => allocator.ClaimPort(port));
        Assert.Contains("claimed by another", error.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Two_processes_allocating_at_once_never_hand_out_the_same_port()
    {
        var locks = TempPath("locks");
        var childPorts = TempPath("child-ports");
        var release = TempPath("release");
        var testAssembly = Path.Combine(AppContext.BaseDirectory, "ProcessKit.Testing.Tests");
        var child = Track(new Command(testAssembly,
                "-method", $"{typeof(PortAllocatorTests).FullName}.{nameof(Child_claims_ports_and_holds_them_until_released)}", "-explicit", "only"))
            .WithEnvironment(ChildLockDirectory, locks)
            .WithEnvironment(ChildPortsFile, childPorts)
            .WithEnvironment(ChildReleaseFile, release);
        var allocator = new PortAllocator(locks);
        List<PortClaim> mine = [];

        await using var running = await child.StartAsync(Token);
        // Allocate while the child starts and allocates too, then hold everything until the comparison.
        while (mine.Count < PortsPerAllocator || !File.Exists(childPorts))
        {
            if (mine.Count < PortsPerAllocator)
            {
                mine.Add(allocator.ClaimFreePort("parent"));
            }
            else
            {
                await ProcessAssert.WaitForFileAsync(childPorts, running.Exited);
            }
        }

        var theirs = (await File.ReadAllLinesAsync(childPorts, Token)).Select(line => int.Parse(line, CultureInfo.InvariantCulture)).ToList();
        var ours = mine.Select(claim => claim.Port).ToList();
        Assert.Equal(PortsPerAllocator, theirs.Distinct().Count());
        Assert.Empty(ours.Intersect(theirs));
        Assert.All(theirs, port => Assert.False(allocator.TryClaimPort(port, "parent", out _), $"port {port} is held by the child"));

        await File.WriteAllTextAsync(release, "", Token);
        var result = await running.WaitForExitAsync(Token);
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        mine.ForEach(claim => claim.Dispose());
    }

    /// <summary>The other process of <see cref="Two_processes_allocating_at_once_never_hand_out_the_same_port"/>: run only on its command line.</summary>
    [Fact(Explicit = true)]
    public async Task Child_claims_ports_and_holds_them_until_released()
    {
        var locks = Environment.GetEnvironmentVariable(ChildLockDirectory);
        Assert.SkipWhen(locks is null, "run by Two_processes_allocating_at_once_never_hand_out_the_same_port only");
        var allocator = new PortAllocator(locks!);
        var claims = Enumerable.Range(0, PortsPerAllocator).Select(_ => allocator.ClaimFreePort("child")).ToList();

        var portsFile = Environment.GetEnvironmentVariable(ChildPortsFile)!;
        await File.WriteAllLinesAsync(portsFile + ".tmp", claims.Select(claim => claim.Port.ToString(CultureInfo.InvariantCulture)), Token);
        File.Move(portsFile + ".tmp", portsFile);
        await ProcessAssert.WaitForFileAsync(Environment.GetEnvironmentVariable(ChildReleaseFile)!);
        claims.ForEach(claim => claim.Dispose());
    }
}

// The assembly-fixture example of docs/adapters/xunit-v3.md: an assembly attribute must precede
// every namespace, so this type lives in the global namespace of a file of its own.
#pragma warning disable CA1050 // Declare types in namespaces: see above.
#pragma warning disable CA1707 // Test names in the guide read as sentences, as in the repository's tests.
using Xunit;
using TestContext = Xunit.TestContext;   // MSTest's TestContext is imported globally in this project.

// One server for the whole test assembly, created before the first test.
[assembly: AssemblyFixture(typeof(RedisFixture))]

public sealed class SessionTests(RedisFixture redis)
{
    [Fact]
    public async Task Pings() =>
        Assert.Equal("PONG", await redis.Server.CliCommand("PING").RunAsync(TestContext.Current.CancellationToken));
}

/// <summary>Stands in for xunit.v3's Assert (package xunit.v3.assert, not referenced here).</summary>
file static class Assert
{
    public static void Equal<T>(T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new InvalidOperationException($"Expected {expected}, got {actual}.");
        }
    }
}

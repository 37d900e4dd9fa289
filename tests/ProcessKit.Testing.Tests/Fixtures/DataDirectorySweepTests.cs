using ProcessKit.Core.Tests.Engine;

namespace ProcessKit.Testing.Tests.Fixtures;

/// <summary>
/// A killed test host leaves its servers' data directories behind; the next start in that root
/// removes those of processes that are gone and keeps the rest.
/// </summary>
public sealed class DataDirectorySweepTests : SpawningTest
{
    [Fact]
    public async Task A_start_removes_the_directories_of_dead_hosts_and_keeps_those_of_live_ones()
    {
        var root = TempPath("root");
        Directory.CreateDirectory(root);
        var ended = await Helper("exit", "0").StartAsync(Token);
        await ended.Exited;
        var dead = ended.Id;
        await ended.DisposeAsync();
        await using var live = await Helper("hang").StartAsync(Token);
        var deadServer = Made(root, $"pk-redis-{dead}-abc123");
        var deadDashedName = Made(root, $"pk-my-server-{dead}-abc123");
        var liveServer = Made(root, $"pk-redis-{live.Id}-abc123");
        var kept = Made(root, $"pk-redis-{dead}-kept12");
        await File.WriteAllTextAsync(Path.Combine(kept, DataDirectories.KeptMarker), "", Token);
        var foreign = Made(root, "pk-notes");

        await using var server = new HelperServerBuilder(new Command(TempPath("no-such-server"))).WithDataDirectoryRoot(root).Build();
        await Assert.ThrowsAsync<ServerBinaryNotFoundException>(() => server.StartAsync(Token));

        Assert.False(Directory.Exists(deadServer));
        Assert.False(Directory.Exists(deadDashedName));
        Assert.True(Directory.Exists(liveServer));
        Assert.True(Directory.Exists(kept));
        Assert.True(Directory.Exists(foreign));
    }

    [Fact]
    public void A_data_directory_is_named_after_the_process_that_made_it()
    {
        var root = TempPath("named");
        var path = DataDirectories.Create(root, "redis");

        Assert.StartsWith($"pk-redis-{Environment.ProcessId}-", Path.GetFileName(path), StringComparison.Ordinal);
        DataDirectories.SweepDeadOwners(root);
        Assert.True(Directory.Exists(path));
    }

    private static string Made(string root, string name)
    {
        var path = Path.Combine(root, name);
        Directory.CreateDirectory(Path.Combine(path, "data"));
        return path;
    }
}

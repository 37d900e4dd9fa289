using ProcessKit.Core.Tests.Infrastructure;
using ProcessKit.Testing.Cassettes;
using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>
/// A cassette stays inside its directory on the real file system: a symbolic link below the
/// directory (a folder of the name, the cassette, its lock file) is refused before anything is
/// read, created or written through it. Links are made with the OS, so these run on Linux
/// (creating one on Windows needs a privilege a test run may not have).
/// </summary>
public sealed class CassetteLinkTests : IDisposable
{
    private readonly CassetteFolder _folder = new();
    private readonly CassetteFolder _outside = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _folder.Dispose();
        _outside.Dispose();
    }

    [LinuxFact]
    public async Task A_cassette_name_through_a_symlinked_folder_is_not_written_outside_the_directory()
    {
        var link = Path.Combine(_folder.Path, "link");
        Directory.CreateSymbolicLink(link, _outside.Path);
        var runner = _folder.Runner("link/escaped", new CassetteOptions { Runner = new CannedRunner(), Mode = CassetteMode.RecordAll });
        await runner.OutputAsync(new Command("tool"), Token);

        var error = await Assert.ThrowsAsync<CassetteLinkException>(() => runner.SaveAsync(Token));

        Assert.Equal(link, error.LinkPath);
        Assert.Equal(_outside.Path, error.LinkTarget);
        Assert.Equal(Path.Combine(link, "escaped.json"), error.CassettePath);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_outside.Path));
        runner.MarkFailed();
        await runner.DisposeAsync();
    }

    [LinuxFact]
    public async Task A_cassette_behind_a_symlinked_folder_is_not_read()
    {
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "link"), _outside.Path);
        await using (var elsewhere = new RecordReplayRunner(_outside.Path, "escaped", new CassetteOptions { Runner = new CannedRunner() }))
        {
            await elsewhere.OutputAsync(new Command("tool"), Token);
        }

        await using var runner = _folder.Runner("link/escaped", new CassetteOptions { Mode = CassetteMode.ReplayOnly });

        await Assert.ThrowsAsync<CassetteLinkException>(() => runner.OutputAsync(new Command("tool"), Token));
    }

    [LinuxFact]
    public async Task A_lock_file_that_is_a_dangling_symlink_is_refused_and_its_target_is_not_created()
    {
        var target = Path.Combine(_outside.Path, "created-by-a-save");
        File.CreateSymbolicLink(CassetteLock.LockPathOf(_folder.File("locked")), target);
        var runner = _folder.Runner("locked", new CassetteOptions { Runner = new CannedRunner() });
        await runner.OutputAsync(new Command("tool"), Token);

        var error = await Assert.ThrowsAsync<CassetteLinkException>(() => runner.SaveAsync(Token));

        Assert.Equal(CassetteLock.LockPathOf(_folder.File("locked")), error.LinkPath);
        Assert.False(File.Exists(target));
        Assert.False(File.Exists(_folder.File("locked")));
        runner.MarkFailed();
        await runner.DisposeAsync();
    }

    [LinuxFact]
    public async Task A_cassette_that_is_a_symlink_is_refused_and_left_as_it_is()
    {
        var target = Path.Combine(_outside.Path, "shared.json");
        await using (var elsewhere = new RecordReplayRunner(_outside.Path, "shared", new CassetteOptions { Runner = new CannedRunner() }))
        {
            await elsewhere.OutputAsync(new Command("tool"), Token);
        }

        File.CreateSymbolicLink(_folder.File("linked"), target);
        var runner = _folder.Runner("linked", new CassetteOptions { Runner = new CannedRunner(), Mode = CassetteMode.RecordAll });
        await runner.OutputAsync(new Command("tool", "new"), Token);

        await Assert.ThrowsAsync<CassetteLinkException>(() => runner.SaveAsync(Token));

        Assert.Equal(target, new FileInfo(_folder.File("linked")).LinkTarget);
        runner.MarkFailed();
        await runner.DisposeAsync();
    }
}

using ProcessKit.Testing.Cassettes;
using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>
/// A save removes only its own cassette's leftover temporary files (<c>NAME.json.ID.tmp</c>):
/// another cassette whose name begins the same way writes its temporary file under its own lock,
/// and must find it there when it renames it.
/// </summary>
public sealed class CassetteLeftoverTests : IDisposable
{
    private readonly CassetteFolder _folder = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Saving_a_cassette_keeps_the_temporary_file_of_a_cassette_whose_name_extends_it()
    {
        var other = _folder.File("p.json.q");
        var othersTemporary = $"{other}.{Guid.NewGuid():N}.tmp";
        var ownLeftover = $"{_folder.File("p")}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(ownLeftover, "{ \"version\": 1, \"inter", Token);
        using (await CassetteLock.AcquireAsync(new System.IO.Abstractions.FileSystem(), other, TimeSpan.Zero, TimeProvider.System, onWaiting: null, Token))
        {
            await File.WriteAllTextAsync(othersTemporary, "being written", Token);

            await using (var runner = _folder.Runner("p", new CassetteOptions { Runner = new CannedRunner() }))
            {
                await runner.OutputAsync(new Command("tool"), Token);
            }

            Assert.Equal("being written", await File.ReadAllTextAsync(othersTemporary, Token));
        }

        Assert.False(File.Exists(ownLeftover));
        Assert.Contains("\"tool\"", _folder.Read("p"), StringComparison.Ordinal);
    }
}

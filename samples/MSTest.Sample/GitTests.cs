using ProcessKit;
using ProcessKit.Testing.MSTest;

namespace MSTest.Sample;

/// <summary>
/// Code that shells out to git, tested offline: the first run recorded what git answered into
/// Cassettes/GitTests/Reads_the_git_version.json, and every run since replays it without spawning.
/// </summary>
[TestClass]
public sealed class GitTests : ProcessKitTest
{
    [TestMethod]
    [Cassette]
    public async Task Reads_the_git_version()
    {
        var git = new GitTool(Cassette);

        var version = await git.VersionAsync(CancellationToken);

        Assert.AreEqual("2.39.5", version);
    }
}

/// <summary>The code under test: it asks git for its version, on whatever runner it is given.</summary>
public sealed class GitTool(IProcessRunner runner)
{
    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var output = await new Command("git", "--version").WithRunner(runner).RunAsync(cancellationToken);
        return output.Replace("git version ", "", StringComparison.Ordinal).Trim();
    }
}

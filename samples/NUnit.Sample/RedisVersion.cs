using System.Text.RegularExpressions;
using ProcessKit;

namespace NUnit.Sample;

/// <summary>The code under test: it shells out to <c>redis-server --version</c> through whichever runner it is given.</summary>
public static partial class RedisVersion
{
    public static async Task<Version> ReadAsync(IProcessRunner runner, CancellationToken cancellationToken = default)
    {
        var output = await runner.RunAsync(new Command("redis-server", "--version"), cancellationToken);
        return Version.Parse(VersionNumber().Match(output).Groups[1].Value);
    }

    [GeneratedRegex(@"v=(\d+\.\d+\.\d+)")]
    private static partial Regex VersionNumber();
}

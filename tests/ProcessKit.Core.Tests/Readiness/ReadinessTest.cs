using System.Globalization;
using System.Text.RegularExpressions;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Readiness;

/// <summary>The base of the readiness tests: a bound for waits that should succeed, and reading what a helper announces.</summary>
public abstract class ReadinessTest : SpawningTest
{
    /// <summary>The timeout for waits that should succeed almost at once; never reached by a working probe.</summary>
    protected static readonly TimeSpan Patience = ProcessAssert.WaitLimit;

    /// <summary>Waits for the helper's line "<paramref name="prefix"/> N" and returns N (a port, mostly).</summary>
    protected static async Task<int> AnnouncedNumberAsync(RunningProcess process, string prefix)
    {
        var line = await process.WaitForLineAsync(new Regex($"^{Regex.Escape(prefix)} [0-9]+$"), Patience, OutputSource.StandardOutput, Token);
        return int.Parse(line.Text[(prefix.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>Lets a helper that waits in read-line go on.</summary>
    protected static Task ProceedAsync(RunningProcess process) => process.StandardInput.WriteLineAsync("go", Token);

    /// <summary>Fails unless the process is still running (a readiness wait never stops it).</summary>
    protected static void StillRunning(RunningProcess process)
    {
        Assert.False(process.HasExited);
        _ = ProcessIdentity.Of(process.Id);
    }
}

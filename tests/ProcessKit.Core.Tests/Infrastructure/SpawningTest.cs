using System.Diagnostics;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// The base of every engine test that spawns. Each test gets a unique marker that every command
/// built here carries in its environment (and so does everything those processes spawn), a temp
/// directory, and a check at the end: once the test is over, no process carrying its marker may
/// still run. Leftovers are killed, then reported as a failure of the test.
/// </summary>
public abstract class SpawningTest : IAsyncLifetime
{
    /// <summary>The environment variable that marks this test's processes.</summary>
    protected const string MarkerVariable = "PROCESSKIT_TEST_MARKER";

    /// <summary>How long leftovers get to die after the test (a SIGKILLed grandchild dies asynchronously).</summary>
    private static readonly TimeSpan LeftoverGrace = TimeSpan.FromSeconds(10);

    protected SpawningTest()
    {
        TempDirectory = Directory.CreateTempSubdirectory("processkit-engine-").FullName;
    }

    /// <summary>This test's marker value.</summary>
    protected string Marker { get; } = Guid.NewGuid().ToString("N");

    /// <summary>A fresh directory, removed after the test.</summary>
    protected string TempDirectory { get; }

    /// <summary>The test's cancellation token (xunit cancels it when the run is aborted).</summary>
    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The TestHelper with <paramref name="actions"/>, marked as this test's.</summary>
    protected Command Helper(params string[] actions) => Track(new Command(TestHelperProgram.Path, actions));

    /// <summary><c>/bin/sh -c SCRIPT</c>, with $0 as the TestHelper path and $1.. as <paramref name="arguments"/>, marked as this test's.</summary>
    protected Command Shell(string script, params string[] arguments) =>
        Track(new Command("/bin/sh", ["-c", script, TestHelperProgram.Path, .. arguments]));

    /// <summary>
    /// Marks <paramref name="command"/> as this test's. Call it again after clearing the
    /// environment (<see cref="Command.WithClearedEnvironment"/> drops the marker).
    /// </summary>
    protected Command Track(Command command) => command.WithEnvironment(MarkerVariable, Marker);

    /// <summary>A path inside <see cref="TempDirectory"/>.</summary>
    protected string TempPath(string name) => Path.Combine(TempDirectory, name);

    /// <summary>Sets a file's permission bits (Unix; the engine tests run on Linux).</summary>
    protected static void SetFileMode(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("File modes are Unix only.");
        }

        File.SetUnixFileMode(path, mode);
    }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var waited = Stopwatch.StartNew();
        var leftovers = ProcessAssert.RunningWithEnvironment(MarkerVariable, Marker);
        while (leftovers.Count > 0 && waited.Elapsed < LeftoverGrace)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
            leftovers = ProcessAssert.RunningWithEnvironment(MarkerVariable, Marker);
        }

        foreach (var process in leftovers)
        {
            process.KillIfRunning();
        }

        try
        {
            Directory.Delete(TempDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover may still hold a file open; the temp folder is the system's to clean.
        }

        Assert.True(leftovers.Count == 0, $"These processes of the test were still running after it: {string.Join(", ", leftovers)}");
    }
}

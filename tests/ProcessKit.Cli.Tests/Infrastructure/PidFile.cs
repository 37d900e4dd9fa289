using System.Globalization;

namespace ProcessKit.Cli.Tests.Infrastructure;

/// <summary>A pid file TestHelper writes (atomically, "PID\n"), in a directory of its own that is removed afterwards.</summary>
internal sealed class PidFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("processkit-cli-tests-").FullName;

    public PidFile() => Path = System.IO.Path.Combine(_directory, "pid");

    public string Path { get; }

    /// <summary>The pid once the file exists, or null when it does not (yet).</summary>
    public int? TryRead() =>
        File.Exists(Path) && int.TryParse(File.ReadAllText(Path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    /// <summary>Waits until the file holds a pid; fails the test after <paramref name="timeout"/>, or when <paramref name="stillRunning"/> completes first.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout, Task stillRunning)
    {
        var deadline = DateTime.UtcNow + timeout;
        int? pid;
        while ((pid = TryRead()) is null)
        {
            if (stillRunning.IsCompleted)
            {
                Assert.Fail($"the run ended before {Path} was written: {await (Task<ProcessResult>)stillRunning}");
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{Path} was not written within {timeout}");
            }

            await Task.Delay(20);
        }

        return pid.Value;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

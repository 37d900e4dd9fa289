using System.Diagnostics;
using System.Text;

namespace ProcessKit.Isolation.Tests;

/// <summary>
/// Tells what a test spawned: each test gives its children a marker variable of its own, which
/// every descendant inherits, and at its end waits (bounded, polling /proc) until no running process
/// carries it: a killed tree vanishes a moment after the kill, never instantly.
/// </summary>
internal sealed class Trace
{
    private const string Name = "PROCESSKIT_ISOLATION_TRACE";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly string _value = Guid.NewGuid().ToString("N");

    /// <summary>The variables to give the test's children.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?> { [Name] = _value };

    /// <summary>Fails unless, within the wait limit, no process carrying the marker runs.</summary>
    public async Task AssertNothingLeftAsync()
    {
        var waited = Stopwatch.StartNew();
        var alive = Marked();
        while (alive.Count > 0 && waited.Elapsed < WaitLimit)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
            alive = Marked();
        }

        Assert.True(alive.Count == 0, $"Still running after the test: pids {string.Join(", ", alive)}");
    }

    /// <summary>The running (not zombie) processes whose environment holds the marker.</summary>
    public List<int> Marked()
    {
        var entry = Encoding.UTF8.GetBytes($"{Name}={_value}\0");
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..][0];
                if (state != 'Z' && File.ReadAllBytes(Path.Combine(directory, "environ")).AsSpan().IndexOf(entry) >= 0)
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or not ours to read
            }
        }

        return found;
    }
}

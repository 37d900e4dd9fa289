using System.Xml.Linq;
using ProcessKit;
using ProcessKit.Core.Tests.Infrastructure;

namespace Integration.XunitV3.Infrastructure;

/// <summary>What xunit reported for one probe test.</summary>
internal sealed record ProbeTest(
    string Class,
    string Method,
    string Result,
    string Output,
    string? ExceptionType,
    string? Message,
    string? SkipReason,
    IReadOnlyDictionary<string, string> Attachments);

/// <summary>
/// Runs the probe program (Probes/, copied beside this assembly) once, as a child xunit.v3 test
/// run with an XML report and diagnostic messages on, and reads back what xunit reported for each
/// probe: the view from outside a test (its result, output, skip reason, attachments) that the
/// adapter's behaviour can only be checked from. Every process of the run carries a marker, so
/// that the tests can check that none is left.
/// </summary>
public sealed class ProbeRunFixture : IAsyncLifetime
{
    /// <summary>The environment variable that marks the probe run's processes (and, inherited, its servers').</summary>
    public const string MarkerVariable = "PROCESSKIT_TEST_MARKER";

    private readonly string _directory = Directory.CreateTempSubdirectory("processkit-probes-").FullName;
    private List<ProbeTest> _tests = [];

    /// <summary>This run's marker value.</summary>
    public string Marker { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Where the probes' cassettes go (PROCESSKIT_PROBE_CASSETTES in the run, whose PROCESSKIT_CASSETTE_MODE is new-episodes).</summary>
    public string CassetteDirectory => Path.Combine(_directory, "cassettes");

    /// <summary>What the run wrote on its console: the diagnostic messages among it.</summary>
    public string Console { get; private set; } = "";

    /// <summary>The processes of the run still alive once it was over (the run should leave none).</summary>
    internal IReadOnlyList<ProcessIdentity> Leftovers { get; private set; } = [];

    internal IReadOnlyList<ProbeTest> Tests => _tests;

    /// <summary>The probe <paramref name="method"/> of class <paramref name="className"/> (short name).</summary>
    internal ProbeTest Test(string className, string method) =>
        _tests.SingleOrDefault(t => t.Class == "Integration.XunitV3.Probes." + className && t.Method == method)
        ?? throw new InvalidOperationException($"The probe run reported no test {className}.{method}. Console:\n{Console}");

    public async ValueTask InitializeAsync()
    {
        var program = Path.Combine(AppContext.BaseDirectory, "Probes", OperatingSystem.IsWindows() ? "Integration.XunitV3.Probes.exe" : "Integration.XunitV3.Probes");
        var report = Path.Combine(_directory, "report.xml");
        var run = await new Command(program, "-xml", report, "-diagnostics", "-noColor", "-noLogo")
            .WithEnvironment(MarkerVariable, Marker)
            .WithEnvironment("PROCESSKIT_PROBE_CASSETTES", CassetteDirectory)
            .WithEnvironment("PROCESSKIT_CASSETTE_MODE", "new-episodes")
            .OutputAsync(TestContext.Current.CancellationToken);
        Console = run.StandardOutput + run.StandardError;
        if (!File.Exists(report))
        {
            throw new InvalidOperationException($"The probe run wrote no report ({run.Status}):\n{Console}");
        }

        _tests = [.. XDocument.Load(report).Descendants("test").Select(Read)];
        Leftovers = await LeftoversAsync();
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static ProbeTest Read(XElement test)
    {
        var failure = test.Element("failure");
        return new ProbeTest(
            (string)test.Attribute("type")!,
            (string)test.Attribute("method")!,
            (string)test.Attribute("result")!,
            (string?)test.Element("output") ?? "",
            (string?)failure?.Attribute("exception-type"),
            (string?)failure?.Element("message"),
            (string?)test.Element("reason"),
            test.Element("attachments")?.Elements("attachment").ToDictionary(a => (string)a.Attribute("name")!, a => a.Value, StringComparer.Ordinal)
                ?? new Dictionary<string, string>(StringComparer.Ordinal));
    }

    /// <summary>The run's processes still alive, after the grace a killed tree needs to be gone.</summary>
    private async Task<IReadOnlyList<ProcessIdentity>> LeftoversAsync()
    {
        var leftovers = ProcessAssert.RunningWithEnvironment(MarkerVariable, Marker);
        for (var waited = 0; leftovers.Count > 0 && waited < 500; waited++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
            leftovers = ProcessAssert.RunningWithEnvironment(MarkerVariable, Marker);
        }

        foreach (var process in leftovers)
        {
            process.KillIfRunning();
        }

        return leftovers;
    }
}

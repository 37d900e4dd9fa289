using System.Xml.Linq;

namespace ProcessKit.Testcontainers.Tests;

/// <summary>
/// A failed test gets the container server's log tail attached, a passing one nothing: this
/// assembly's <see cref="ContainerLogTailProbes"/> run in a child xunit run with an XML report,
/// whose attachments are read back (what a test cannot observe about itself).
/// </summary>
public sealed class ContainerLogTailTests
{
    [Fact]
    public async Task A_failed_test_gets_the_container_servers_log_tail_attached_and_a_passing_one_does_not()
    {
        DockerEngineFacts.RequireImage(DockerEngineFacts.RedisImage);
        var directory = Directory.CreateTempSubdirectory("processkit-container-probes-").FullName;
        try
        {
            var report = Path.Combine(directory, "report.xml");
            var program = Path.Combine(AppContext.BaseDirectory, "ProcessKit.Testcontainers.Tests");
            var run = await new Command(program, "-class", typeof(ContainerLogTailProbes).FullName!, "-xml", report, "-noColor", "-noLogo")
                .WithEnvironment(ContainerLogTailProbes.Variable, "1")
                .WithTimeout(TimeSpan.FromMinutes(2))
                .OutputAsync(TestContext.Current.CancellationToken);
            Assert.True(File.Exists(report), $"the probe run wrote no report ({run.Status}):\n{run.StandardOutput}{run.StandardError}");
            var tests = XDocument.Load(report).Descendants("test").ToDictionary(t => (string)t.Attribute("method")!, StringComparer.Ordinal);

            var failed = tests[nameof(ContainerLogTailProbes.Fails_after_using_the_server)];
            var passed = tests[nameof(ContainerLogTailProbes.Passes_after_using_the_server)];
            Assert.Equal("Fail", (string?)failed.Attribute("result"));
            var log = Assert.Single(failed.Descendants("attachment"), a => (string?)a.Attribute("name") == "redis.log").Value;
            Assert.StartsWith("# redis ", log, StringComparison.Ordinal);
            Assert.Contains(" log lines, for the failed test ", log, StringComparison.Ordinal);
            Assert.Contains("Ready to accept connections", log, StringComparison.Ordinal);
            Assert.Equal("Pass", (string?)passed.Attribute("result"));
            Assert.Empty(passed.Descendants("attachment"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

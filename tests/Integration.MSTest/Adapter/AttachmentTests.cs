using System.Text.RegularExpressions;
using Integration.MSTest.Infrastructure;
using ProcessKit.Testing.MSTest;

namespace Integration.MSTest.Adapter;

/// <summary>A failed test gets the last lines of every server it used attached (TestContext.AddResultFile); a passed or skipped one gets nothing.</summary>
[TestClass]
public sealed partial class AttachmentTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_failed_test_gets_the_log_tail_of_each_server_it_used_attached()
    {
        var results = Directory.CreateTempSubdirectory("pk-mstest-results-");
        try
        {
            using var context = new RecordingTestContext(testName: "Uses_the_demo_server", resultsDirectory: results.FullName);
            var scope = new TestSession(context);
            scope.Use(AssemblyServers.Demo);

            context.Outcome = UnitTestOutcome.Failed;
            await scope.CompleteAsync();

            var attached = Assert.ContainsSingle(context.ResultFiles);
            Assert.AreEqual(Path.Combine(results.FullName, "processkit-logs", "FakeTests.Uses_the_demo_server.demo.log"), attached);
            var text = await File.ReadAllTextAsync(attached, TestContext.CancellationToken);
            Assert.Contains("listening on", text);
            Assert.Contains("(Failed)", text);
            var lines = text.Split('\n');
            Assert.StartsWith("# ", lines[0], "a first line says which server, test and outcome the file is about");
            Assert.AreEqual("", lines[^1], "every line ends with a newline");
            Assert.IsTrue(lines[1..^1].All(line => TimedLine.IsMatch(line)), "each log line starts with the time it was read");
            Assert.Contains($"[processkit] the demo server's last log lines are attached: {attached}", context.Lines);
        }
        finally
        {
            results.Delete(recursive: true);
        }
    }

    [TestMethod]
    [DataRow(UnitTestOutcome.Passed)]
    [DataRow(UnitTestOutcome.Inconclusive)]
    public async Task A_passed_or_skipped_test_gets_no_attachment(UnitTestOutcome outcome)
    {
        var results = Directory.CreateTempSubdirectory("pk-mstest-results-");
        try
        {
            using var context = new RecordingTestContext(resultsDirectory: results.FullName);
            var scope = new TestSession(context);
            scope.Use(AssemblyServers.Demo);

            context.Outcome = outcome;
            await scope.CompleteAsync();

            Assert.IsEmpty(context.ResultFiles);
            Assert.IsFalse(Directory.Exists(Path.Combine(results.FullName, "processkit-logs")));
        }
        finally
        {
            results.Delete(recursive: true);
        }
    }

    [TestMethod]
    public async Task Completing_while_the_test_still_runs_is_refused()
    {
        using var context = new RecordingTestContext();
        var scope = new TestSession(context);

        await Assert.ThrowsExactlyAsync<InvalidOperationException>(scope.CompleteAsync);

        context.Outcome = UnitTestOutcome.Passed;
        await scope.CompleteAsync();
        Assert.IsTrue(scope.IsCompleted);
        Assert.ThrowsExactly<InvalidOperationException>(() => scope.Use(AssemblyServers.Demo));
    }

    [GeneratedRegex(@"^\d\d:\d\d:\d\d\.\d{3} ")]
    private static partial Regex TimedLine { get; }
}

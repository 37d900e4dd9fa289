using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Integration.MSTest.Infrastructure;
using ProcessKit;
using ProcessKit.Samples;
using ProcessKit.Testing.MSTest;

namespace Integration.MSTest.Adapter;

/// <summary>
/// Lines read on background threads (a server's log, a started process's output) reach the output
/// of the test they belong to, through the context captured when the test began using them.
/// </summary>
[TestClass]
public sealed class OutputRoutingTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_shared_server_logs_to_the_diagnostic_channel_until_a_test_uses_it_then_to_that_test()
    {
        using var initializeContext = new RecordingTestContext();
        DemoServer? started = null;
        var fixture = new ServerFixture<DemoServer>(() => started = new DemoServerBuilder().Build());
        try
        {
            await fixture.StartAsync(initializeContext);
            var demo = fixture.Server;
            Assert.Contains($"Informational: [demo] listening on {demo.Port}", initializeContext.Messages);
            Assert.ContainsSingle(initializeContext.Messages.Where(message => Regex.IsMatch(message, $@"^Informational: \[processkit\] demo ready on 127\.0\.0\.1:{demo.Port} after \d+ ms$")), "one line per server start");

            var before = await ConnectAsync(demo);
            await initializeContext.WaitForAsync($"from {before}", TestContext.CancellationToken);

            using var testContext = new RecordingTestContext();
            var scope = new TestSession(testContext);
            Assert.AreSame(demo, scope.Use(fixture));
            var during = await ConnectAsync(demo);
            await testContext.WaitForAsync($"from {during}", TestContext.CancellationToken);
            Assert.IsFalse(initializeContext.Messages.Any(message => message.Contains($"from {during}", StringComparison.Ordinal)));

            testContext.Outcome = UnitTestOutcome.Passed;
            await scope.CompleteAsync();
            var after = await ConnectAsync(demo);
            await initializeContext.WaitForAsync($"from {after}", TestContext.CancellationToken);
            Assert.IsFalse(testContext.Lines.Any(line => line.Contains($"from {after}", StringComparison.Ordinal)));
        }
        finally
        {
            var processes = ProcessTree.Snapshot(started?.ProcessIds ?? []);
            await fixture.DisposeAsync();
            ProcessTree.AssertGone(processes);
        }
    }

    [TestMethod]
    public async Task Each_test_using_a_shared_server_sees_the_lines_that_arrive_while_it_uses_it()
    {
        using var first = new RecordingTestContext(testName: "First");
        using var second = new RecordingTestContext(testName: "Second");
        var firstScope = new TestSession(first);
        var secondScope = new TestSession(second);
        var demo = firstScope.Use(AssemblyServers.Demo);
        secondScope.Use(AssemblyServers.Demo);

        var client = await ConnectAsync(demo);

        await first.WaitForAsync($"from {client}", TestContext.CancellationToken);
        await second.WaitForAsync($"from {client}", TestContext.CancellationToken);
        first.Outcome = second.Outcome = UnitTestOutcome.Passed;
        await firstScope.CompleteAsync();
        await secondScope.CompleteAsync();
    }

    [TestMethod]
    public async Task A_started_process_streams_its_lines_to_the_test_until_it_exits()
    {
        using var context = new RecordingTestContext();
        var scope = new TestSession(context);

        await using var process = await scope.Runner.StartAsync(new Command("sh", "-c", "echo one; echo two >&2"), TestContext.CancellationToken);
        await process.WaitForExitAsync(TestContext.CancellationToken);
        var prefix = $"[sh {process.Id.ToString(CultureInfo.InvariantCulture)}]";

        await context.WaitForAsync($"{prefix} exited with code 0", TestContext.CancellationToken);
        Assert.Contains($"{prefix} one", context.Lines);
        Assert.Contains($"{prefix} [stderr] two", context.Lines);
        context.Outcome = UnitTestOutcome.Passed;
        await scope.CompleteAsync();
    }

    [TestMethod]
    public async Task A_finished_command_shows_its_command_line_output_and_status()
    {
        using var context = new RecordingTestContext();
        var scope = new TestSession(context);

        var output = await new Command("sh", "-c", "echo hello; echo warning >&2").WithRunner(scope.Runner).RunAsync(TestContext.CancellationToken);

        Assert.AreEqual("hello", output);
        Assert.AreEqual("$ sh -c 'echo hello; echo warning >&2'", context.Lines[0]);
        Assert.AreEqual("  hello", context.Lines[1]);
        Assert.AreEqual("  [stderr] warning", context.Lines[2]);
        Assert.StartsWith("  -> exited with code 0 after ", context.Lines[3]);
        context.Outcome = UnitTestOutcome.Passed;
        await scope.CompleteAsync();
    }

    [TestMethod]
    public async Task Nothing_reaches_a_test_after_it_has_completed()
    {
        using var context = new RecordingTestContext();
        var scope = new TestSession(context);
        await using var process = await scope.Runner.StartAsync(
            new Command("sh", "-c", "echo first; read line; echo \"second $line\"").KeepStandardInputOpen(), TestContext.CancellationToken);
        await context.WaitForAsync("first", TestContext.CancellationToken);

        context.Outcome = UnitTestOutcome.Passed;
        await scope.CompleteAsync();
        await process.StandardInput.WriteLineAsync("late", TestContext.CancellationToken);
        await process.StandardInput.CloseAsync();
        var result = await process.WaitForExitAsync(TestContext.CancellationToken);

        Assert.AreEqual(0, result.ExitCode);
        Assert.IsFalse(context.Lines.Any(line => line.Contains("second late", StringComparison.Ordinal)));
    }

    /// <summary>Connects to the demo server, says PING, and returns the client's address as the server logs it ("127.0.0.1:PORT").</summary>
    private async Task<string> ConnectAsync(DemoServer demo)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(demo.Host, demo.Port, TestContext.CancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\n"u8.ToArray(), TestContext.CancellationToken);
        using var reader = new StreamReader(stream);
        Assert.AreEqual("PONG", await reader.ReadLineAsync(TestContext.CancellationToken));
        return ((IPEndPoint)client.Client.LocalEndPoint!).ToString();
    }
}

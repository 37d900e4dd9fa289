using ProcessKit;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;
using ProcessKit.Testing.XunitV3;

namespace Integration.XunitV3.Adapter;

/// <summary>A runner made in a test runs under that test's token and writes what it ran to that test's output.</summary>
public sealed class TestProcessRunnerTests : SpawningTest
{
    private static string OutputSoFar => TestContext.Current.TestOutputHelper!.Output;

    [LinuxFact]
    public async Task A_command_its_output_and_its_end_are_written_to_the_test_output()
    {
        var runner = new TestProcessRunner();

        var result = await Helper("out", "to stdout", "err", "to stderr", "exit", "3").WithRunner(runner).OutputAsync(Token);

        Assert.Equal(3, result.ExitCode);
        var output = OutputSoFar;
        Assert.Contains("$ " + TestHelperProgram.Path, output, StringComparison.Ordinal);
        Assert.Contains("  to stdout", output, StringComparison.Ordinal);
        Assert.Contains("  [stderr] to stderr", output, StringComparison.Ordinal);
        Assert.Contains("-> exited with code 3", output, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Long_output_is_cut_and_the_rest_counted()
    {
        var runner = new TestProcessRunner();

        await Helper("out-lines", "150").WithRunner(runner).RunAsync(Token);

        var output = OutputSoFar;
        Assert.Contains("  line 100", output, StringComparison.Ordinal);
        Assert.DoesNotContain("  line 101", output, StringComparison.Ordinal);
        Assert.Contains("... 50 more lines", output, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task A_started_process_is_relayed_live_and_its_end_reported()
    {
        var runner = new TestProcessRunner();

        await using var process = await Helper("out", "started", "read-line").KeepStandardInputOpen().WithRunner(runner).StartAsync(Token);
        var prefix = $"[{Path.GetFileName(TestHelperProgram.Path)} {process.Id}] ";
        await ProcessAssert.WaitUntilAsync(() => OutputSoFar.Contains(prefix + "started", StringComparison.Ordinal), "the live line");
        await process.StandardInput.WriteLineAsync("bye", Token);
        await process.WaitForExitAsync(Token);

        await ProcessAssert.WaitUntilAsync(() => OutputSoFar.Contains(prefix + "exited with code 0", StringComparison.Ordinal), "the exit line");
        Assert.Contains(prefix + "got: bye", OutputSoFar, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Cancelling_the_test_cancels_its_commands_and_kills_them()
    {
        var runner = new TestProcessRunner();
        var pidFile = TempPath("pid");

        var running = Helper("write-pid", pidFile, "hang").WithRunner(runner).RunAsync(CancellationToken.None);
        var process = await ProcessAssert.WaitForPidFileAsync(pidFile, running);
        TestContext.Current.CancelCurrentTest();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        ProcessAssert.Gone(process);
    }

    [LinuxFact]
    public async Task The_inner_runner_is_the_ambient_one_when_the_runner_is_made()
    {
        var ambient = new CountingRunner();
        TestProcessRunner runner;
        using (ProcessRunnerScope.Use(ambient))
        {
            runner = new TestProcessRunner();
        }

        await Helper("out", "x").WithRunner(runner).RunAsync(Token);

        Assert.Same(ambient, runner.Inner);
        Assert.Equal(1, ambient.Calls);
    }

    /// <summary>Counts the commands it runs for real.</summary>
    private sealed class CountingRunner : IProcessRunner
    {
        public int Calls { get; private set; }

        public ProcessPlacement? Placement => null;

        public Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default)
        {
            Calls++;
            return ProcessRunner.Default.OutputAsync(command, verb, cancellationToken);
        }

        public Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default)
        {
            Calls++;
            return ProcessRunner.Default.OutputBytesAsync(command, cancellationToken);
        }

        public Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default)
        {
            Calls++;
            return ProcessRunner.Default.StartAsync(command, cancellationToken);
        }
    }
}

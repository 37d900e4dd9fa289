using Integration.NUnit.Infrastructure;
using Integration.NUnit.Scenarios;
using NUnit.Framework.Interfaces;

namespace Integration.NUnit.Adapter;

/// <summary>
/// What the adapter does to NUnit's results, checked on real nested runs of the Scenarios fixtures.
/// The nested runs swap Console.Out for their duration, so the tests of this fixture run one at a
/// time, and alone: NUnit itself captures the console for the outer run.
/// </summary>
[NonParallelizable]
public sealed class AdapterBehaviourTests
{
    [Test]
    public async Task Server_log_and_command_output_reach_the_test_that_produced_them()
    {
        var run = await ScenarioRun.RunAsync<OutputScenarios>(workers: 2);
        var user = run.Test("Uses_the_server");
        var bystander = run.Test("Runs_beside_it");

        Assert.Multiple(() =>
        {
            Assert.That(user.ResultState, Is.EqualTo(ResultState.Success), user.Message);
            Assert.That(bystander.ResultState, Is.EqualTo(ResultState.Success), bystander.Message);

            // The server's line was read on a background thread, and still reached the test using it.
            Assert.That(user.Output, Does.Contain("[echo] echo: line from the server user"));
            Assert.That(user.Output, Does.Contain("$ echo 'command output of the server user'"));
            Assert.That(user.Output, Does.Contain("  command output of the server user"));
            Assert.That(user.Output, Does.Match(@"\[sh \d+\] started by the server user"));
            Assert.That(user.Output, Does.Match(@"\[sh \d+\] \[stderr\] its error"));
            Assert.That(user.Output, Does.Not.Contain("bystander"));

            // The test running at the same time got its own command, and nothing of the server.
            Assert.That(bystander.Output, Does.Contain("  command output of the bystander"));
            Assert.That(bystander.Output, Does.Not.Contain("echo:"));
            Assert.That(bystander.Output, Does.Not.Contain("server user"));

            // The server's startup belonged to no test: it went to the diagnostic channel.
            Assert.That(run.Progress, Does.Contain("[echo] ready"));
            Assert.That(run.Progress, Does.Match(@"\[processkit\] echo ready on 127\.0\.0\.1 after \d+ ms"), "one line per server start");
            Assert.That(user.Output, Does.Not.Contain("[echo] ready"));
        });
    }

    [Test]
    public async Task A_failed_shared_start_fails_each_test_that_uses_it_with_the_real_exception()
    {
        var run = await ScenarioRun.RunAsync<FailedStartScenarios>();

        foreach (var name in new[] { "Uses_it_first", "Uses_it_second" })
        {
            var test = run.Test(name);
            Assert.Multiple(() =>
            {
                Assert.That(test.ResultState.Status, Is.EqualTo(TestStatus.Failed), name);
                Assert.That(test.ResultState.Site, Is.EqualTo(FailureSite.Test), "the test fails, not its fixture's setup");
                Assert.That(test.Message, Does.StartWith("ProcessKit.Testing.ServerExitedDuringStartupException : The crashing server exited with code 3 during startup"));
                Assert.That(test.Message, Does.Contain("fatal: the configuration is broken"), "the error carries the server's last log lines");
                Assert.That(test.StackTrace, Does.Contain("HelperServer"), "the stack trace is the start's own");
            });
        }

        Assert.That(run.Test("Does_not_use_it").ResultState, Is.EqualTo(ResultState.Success));
        Assert.That(run.Progress, Does.Contain("[processkit] the crashing server did not start; each test that uses it fails with ServerExitedDuringStartupException"));
    }

    [Test]
    public async Task A_missing_server_program_ignores_the_tests_that_use_it_naming_the_package()
    {
        var run = await ScenarioRun.RunAsync<MissingBinaryScenarios>();
        var skipped = run.Test("Uses_it");

        Assert.Multiple(() =>
        {
            Assert.That(skipped.ResultState, Is.EqualTo(ResultState.Ignored));
            Assert.That(skipped.Message, Does.Contain("processkit-scenario-no-such-server is not installed"));
            Assert.That(skipped.Message, Does.Contain("apt-get install processkit-scenario-package"));
            Assert.That(run.Test("Does_not_use_it").ResultState, Is.EqualTo(ResultState.Success));
        });
    }

    [Test]
    public async Task A_failed_test_gets_the_log_tail_of_the_servers_it_used_attached()
    {
        var run = await ScenarioRun.RunAsync<AttachmentScenarios>();
        var failed = run.Test("Fails_after_using_it");
        var passed = run.Test("Passes_after_using_it");

        Assert.That(failed.ResultState.Status, Is.EqualTo(TestStatus.Failed));
        Assert.That(failed.TestAttachments, Has.Count.EqualTo(1));
        var attachment = failed.TestAttachments.Single();
        Assert.Multiple(() =>
        {
            Assert.That(Path.GetFileName(attachment.FilePath), Is.EqualTo("attached.log"));
            Assert.That(attachment.Description, Does.Contain("the attached server"));
            Assert.That(File.ReadAllText(attachment.FilePath), Does.StartWith("# attached ").And.Contain(" log lines, for the failed test Fails_after_using_it"));
            Assert.That(File.ReadAllText(attachment.FilePath), Does.Contain("echo: written before the failure"));
            Assert.That(passed.ResultState, Is.EqualTo(ResultState.Success));
            Assert.That(passed.TestAttachments, Is.Empty);
        });
    }

    [Test]
    public async Task A_crashed_start_attaches_the_log_to_each_test_that_used_it()
    {
        var run = await ScenarioRun.RunAsync<FailedStartScenarios>();
        var attachment = run.Test("Uses_it_first").TestAttachments.Single();

        Assert.That(File.ReadAllText(attachment.FilePath), Does.Contain("[stderr] fatal: the configuration is broken"));
        Assert.That(run.Test("Does_not_use_it").TestAttachments, Is.Empty);
    }

    [Test]
    public async Task The_tests_token_cancels_a_command_run_without_one_and_its_process_dies()
    {
        var run = await ScenarioRun.RunAsync<CancellationScenarios>();
        var cancelled = run.Test("Runs_a_command_longer_than_allowed");

        Assert.Multiple(() =>
        {
            Assert.That(cancelled.ResultState.Status, Is.EqualTo(TestStatus.Failed));
            Assert.That(cancelled.Message, Does.Contain("CancelAfter"));
            Assert.That(cancelled.Output, Does.Contain("$ sleep 300"));
            Assert.That(cancelled.Output, Does.Match(@"-> \w*(Canceled|Cancelled)Exception: "), "the command ended by cancellation, not by running its 300 s");
            Assert.That(ProcessTree.RunningWithEnvironment(CancellationScenarios.MarkerVariable, "cancel-after"), Is.Empty);
        });
    }
}

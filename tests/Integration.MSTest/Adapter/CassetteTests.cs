using Integration.MSTest.Infrastructure;
using ProcessKit;
using ProcessKit.Testing;
using ProcessKit.Testing.MSTest;

namespace Integration.MSTest.Adapter;

/// <summary>Each test gets its own cassette, named from its class, method and arguments, next to its source file, and saved only when it passed.</summary>
[TestClass]
public sealed class CassetteTests : ProcessKitTest
{
    /// <summary>
    /// Beside this file in the source tree, found from the test assembly and not from
    /// <c>[CallerFilePath]</c>, which a CI build (<c>CI=true</c>) maps to <c>/_/...</c>.
    /// </summary>
    private static string CassetteFolder()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "ProcessKit.Testing.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException($"No ProcessKit.Testing.sln above {AppContext.BaseDirectory}.");
        }

        return Path.Combine(root.FullName, "tests", "Integration.MSTest", "Adapter", "Cassettes", nameof(CassetteTests));
    }

    [TestMethod]
    public void A_test_gets_a_cassette_named_from_its_class_and_method_next_to_its_source()
    {
        var cassette = UseCassette();

        Assert.AreEqual(Path.Combine(CassetteFolder(), "A_test_gets_a_cassette_named_from_its_class_and_method_next_to_its_source.json"), cassette.CassettePath);
    }

    [TestMethod]
    [DataRow("main", 3)]
    [DataRow("release", 10)]
    public void Each_data_row_gets_its_own_cassette_named_from_its_arguments(string branch, int count)
    {
        var cassette = UseCassette();

        Assert.AreEqual(Path.Combine(CassetteFolder(), $"Each_data_row_gets_its_own_cassette_named_from_its_arguments({branch}, {count}).json"), cassette.CassettePath);
    }

    [TestMethod]
    [DataRow("feature/login")]
    [DataRow("feature_login")]
    public void Arguments_that_are_not_valid_in_a_file_name_are_replaced_and_stay_distinct(string branch)
    {
        var name = Path.GetFileName(UseCassette().CassettePath);

        if (branch == "feature_login")
        {
            Assert.AreEqual("Arguments_that_are_not_valid_in_a_file_name_are_replaced_and_stay_distinct(feature_login).json", name);
        }
        else
        {
            Assert.MatchesRegex(@"^Arguments_that_are_not_valid_in_a_file_name_are_replaced_and_stay_distinct\(feature_login\)~[0-9a-f]{8}\.json$", name);
        }
    }

    [TestMethod]
    [Cassette(Mode = CassetteMode.ReplayOnly)]
    public void The_Cassette_attribute_gives_the_test_its_cassette_in_the_mode_it_names()
    {
        Assert.AreEqual(Path.Combine(CassetteFolder(), "The_Cassette_attribute_gives_the_test_its_cassette_in_the_mode_it_names.json"), Cassette.CassettePath);
        if (Environment.GetEnvironmentVariable("PROCESSKIT_CASSETTE_MODE") is null)
        {
            Assert.AreEqual(CassetteMode.ReplayOnly, Cassette.Mode);
        }

        Assert.ThrowsExactly<InvalidOperationException>(() => UseCassette());
    }

    [TestMethod]
    public void A_source_path_mapped_by_a_deterministic_build_is_found_in_the_source_tree()
    {
        var cassette = UseCassette(sourceFilePath: "/_/tests/Integration.MSTest/Adapter/CassetteTests.cs");

        Assert.AreEqual(Path.Combine(CassetteFolder(), "A_source_path_mapped_by_a_deterministic_build_is_found_in_the_source_tree.json"), cassette.CassettePath);
    }

    [TestMethod]
    public async Task A_passed_test_saves_what_it_recorded_and_a_later_run_replays_it()
    {
        var source = Directory.CreateTempSubdirectory("pk-mstest-cassettes-");
        try
        {
            var sourceFile = Path.Combine(source.FullName, "GitTests.cs");
            using (var context = new RecordingTestContext("Sample.GitTests", "Reads_the_log"))
            {
                var scope = new TestSession(context);
                var recording = scope.UseCassette(new CassetteOptions { Mode = CassetteMode.Once }, sourceFile);
                Assert.AreEqual("recorded once", await new Command("echo", "recorded once").WithRunner(recording).RunAsync(CancellationToken));
                context.Outcome = UnitTestOutcome.Passed;
                await scope.CompleteAsync();
                Assert.IsTrue(File.Exists(recording.CassettePath));
                Assert.AreEqual(Path.Combine(source.FullName, "Cassettes", "GitTests", "Reads_the_log.json"), recording.CassettePath);
            }

            using (var context = new RecordingTestContext("Sample.GitTests", "Reads_the_log"))
            {
                var scope = new TestSession(context);
                var replay = scope.UseCassette(new CassetteOptions { Mode = CassetteMode.ReplayOnly }, sourceFile);
                Assert.AreEqual("recorded once", await new Command("echo", "recorded once").WithRunner(replay).RunAsync(CancellationToken));
                Assert.AreEqual(1, replay.ReplayedCount);
                Assert.IsTrue(context.Lines.Any(line => line.StartsWith("[processkit] Replayed echo 'recorded once' from the cassette", StringComparison.Ordinal)), string.Join(Environment.NewLine, context.Lines));
                context.Outcome = UnitTestOutcome.Passed;
                await scope.CompleteAsync();
            }
        }
        finally
        {
            source.Delete(recursive: true);
        }
    }

    [TestMethod]
    [DataRow(UnitTestOutcome.Failed)]
    [DataRow(UnitTestOutcome.Inconclusive)]
    [DataRow(UnitTestOutcome.Timeout)]
    public async Task A_test_that_did_not_pass_saves_nothing(UnitTestOutcome outcome)
    {
        var source = Directory.CreateTempSubdirectory("pk-mstest-cassettes-");
        try
        {
            using var context = new RecordingTestContext("Sample.GitTests", "Reads_the_log");
            var scope = new TestSession(context);
            var recording = scope.UseCassette(sourceFilePath: Path.Combine(source.FullName, "GitTests.cs"));
            await new Command("echo", "half a run").WithRunner(recording).RunAsync(CancellationToken);

            context.Outcome = outcome;
            await scope.CompleteAsync();

            Assert.AreEqual(1, recording.RecordedCount);
            Assert.IsFalse(File.Exists(recording.CassettePath));
            Assert.Contains($"[processkit] the test did not pass ({outcome}): the cassette is not saved", context.Lines);
            Assert.Contains($"[processkit] Not saving 1 recorded interaction(s) to the cassette {recording.CassettePath}: the test was marked failed", context.Lines);
        }
        finally
        {
            source.Delete(recursive: true);
        }
    }

    [TestMethod]
    [Cassette(Mode = CassetteMode.ReplayOnly)]
    public async Task A_plain_command_in_a_Cassette_test_runs_through_the_cassette()
    {
        Assert.AreSame(Cassette, ProcessRunner.Current, "the cassette is the test's ambient runner");
        Assert.AreSame(Cassette, TestCassette.Current);
        if (Environment.GetEnvironmentVariable("PROCESSKIT_CASSETTE_MODE") is null)
        {
            // Replay-only and never recorded: the command reached the cassette, not the real git.
            var miss = await Assert.ThrowsExactlyAsync<CassetteMissException>(() => new Command("git", "--version").RunAsync(CancellationToken));
            Assert.Contains("git --version", miss.Message);
        }
    }

    [TestMethod]
    public async Task A_command_run_past_the_cassette_or_a_cassette_nothing_went_through_is_named_in_a_warning()
    {
        var source = Directory.CreateTempSubdirectory("pk-mstest-cassettes-");
        try
        {
            using var context = new RecordingTestContext("Sample.GitTests", "Runs_past_the_cassette");
            var scope = new TestSession(context);
            var cassette = scope.UseCassette(sourceFilePath: Path.Combine(source.FullName, "GitTests.cs"));

            // Code that took the real runner (as AddProcessKit() registers it) runs past the cassette.
            Assert.AreEqual("past", await ProcessRunner.Default.RunAsync(new Command("echo", "past"), CancellationToken));
            context.Outcome = UnitTestOutcome.Passed;
            await scope.CompleteAsync();

            var warning = context.Lines.Single(line => line.StartsWith("[processkit] warning: 1 command(s) ran with the real runner, past the cassette ", StringComparison.Ordinal));
            Assert.Contains(": echo past.", warning);
            Assert.Contains($"[processkit] warning: the cassette {cassette.CassettePath} recorded and replayed nothing: no command of the test ran through it.", context.Lines);
            Assert.IsFalse(File.Exists(cassette.CassettePath));
        }
        finally
        {
            source.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void A_cassette_can_only_be_named_inside_a_test()
    {
        using var classContext = new RecordingTestContext(className: "Sample.GitTests", testName: "");
        var scope = new TestSession(classContext);

        Assert.ThrowsExactly<InvalidOperationException>(() => scope.UseCassette());
    }
}

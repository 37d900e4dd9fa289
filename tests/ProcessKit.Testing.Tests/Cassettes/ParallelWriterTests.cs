using System.Globalization;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;
using ProcessKit.Testing.Cassettes;
using ProcessKit.Testing.Tests.Cassettes.Infrastructure;

namespace ProcessKit.Testing.Tests.Cassettes;

/// <summary>
/// Two OS processes write the same cassette: this test process and a second one (this test
/// assembly run again, for the explicit test <see cref="SecondWriter"/> alone). Each adds new
/// episodes; the second must wait while the first holds the lock, and in the end the cassette
/// holds every interaction of both, as valid JSON.
/// </summary>
public sealed class ParallelWriterTests : SpawningTest
{
    private const int EachWrites = 20;

    [LinuxFact]
    public async Task Two_processes_adding_to_one_cassette_wait_for_each_other_and_lose_nothing()
    {
        var directory = TempPath("cassettes");
        await using (var seed = new RecordReplayRunner(directory, "shared", new CassetteOptions { Runner = new CannedRunner(), Mode = CassetteMode.RecordAll }))
        {
            await seed.OutputAsync(new Command("seed"), Token);
        }

        var parent = new RecordReplayRunner(directory, "shared", new CassetteOptions { Runner = new CannedRunner(), Mode = CassetteMode.NewEpisodes });
        for (var i = 0; i < EachWrites; i++)
        {
            await parent.OutputAsync(new Command("parent", i.ToString(CultureInfo.InvariantCulture)), Token);
        }

        var cassette = Path.Combine(directory, "shared.json");
        var held = await CassetteLock.AcquireAsync(new System.IO.Abstractions.FileSystem(), cassette, TimeSpan.Zero, TimeProvider.System, onWaiting: null, Token);
        RunningProcess child;
        try
        {
            child = await Track(SecondWriter.Command(directory, "shared")).StartAsync(Token);
            await ProcessLines.WaitForAsync(child, SecondWriter.WaitingLine, Token);
            Assert.False(child.HasExited, "the second writer must wait while the lock is held");
        }
        finally
        {
            held.Dispose();
        }

        await using (child)
        {
            await parent.DisposeAsync();
            var result = await child.WaitForExitAsync(Token);
            Assert.True(result.ExitCode == 0, $"The second writer failed:\n{result.StandardOutput}\n{result.StandardError}");
        }

        await using var replay = new RecordReplayRunner(directory, "shared", new CassetteOptions { Mode = CassetteMode.ReplayOnly });
        Assert.Equal("seed", await replay.RunAsync(new Command("seed"), Token));
        for (var i = 0; i < EachWrites; i++)
        {
            var number = i.ToString(CultureInfo.InvariantCulture);
            Assert.Equal($"parent {number}", await replay.RunAsync(new Command("parent", number), Token));
            Assert.Equal($"child {number}", await replay.RunAsync(new Command("child", number), Token));
        }
    }

    /// <summary>
    /// The second writer: run only in its own process, by <see cref="ParallelWriterTests"/>
    /// (explicit, so a normal test run leaves it out). It adds its episodes to the cassette the
    /// environment names and says on stderr when it waits for the lock.
    /// </summary>
    public sealed class SecondWriter
    {
        internal const string WaitingLine = "second writer: waiting for the lock";
        private const string DirectoryVariable = "PROCESSKIT_TEST_SECOND_WRITER_DIRECTORY";
        private const string NameVariable = "PROCESSKIT_TEST_SECOND_WRITER_CASSETTE";

        /// <summary>This test assembly, running only this test, for the cassette <paramref name="name"/> in <paramref name="directory"/>.</summary>
        internal static Command Command(string directory, string name) =>
            new Command(
                    Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ProcessKit.Testing.Tests.exe" : "ProcessKit.Testing.Tests"),
                    "-method", $"{typeof(SecondWriter).FullName}.{nameof(Adds_its_episodes_to_the_cassette_it_is_given)}",
                    "-explicit", "only", "-noLogo", "-noColor")
                .WithEnvironment(DirectoryVariable, directory)
                .WithEnvironment(NameVariable, name)
                .WithTimeout(TimeSpan.FromMinutes(2));

        [Fact(Explicit = true)]
        public async Task Adds_its_episodes_to_the_cassette_it_is_given()
        {
            var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
            var name = Environment.GetEnvironmentVariable(NameVariable);
            Assert.True(directory is not null && name is not null, $"Run by ParallelWriterTests, which sets {DirectoryVariable} and {NameVariable}.");
            await using var runner = new RecordReplayRunner(directory, name, new CassetteOptions
            {
                Runner = new CannedRunner(),
                Mode = CassetteMode.NewEpisodes,
                Logger = new CallbackLogger(message =>
                {
                    if (message.StartsWith("Waiting for the lock", StringComparison.Ordinal))
                    {
                        Console.Error.WriteLine(WaitingLine);
                        Console.Error.Flush();
                    }
                }),
            });
            for (var i = 0; i < EachWrites; i++)
            {
                await runner.OutputAsync(new Command("child", i.ToString(CultureInfo.InvariantCulture)), TestContext.Current.CancellationToken);
            }
        }
    }
}

using System.Net.Sockets;
using NUnit.Framework;
using ProcessKit.Samples;
using ProcessKit.Testing;
using ProcessKit.Testing.NUnit;
using Assert = NUnit.Framework.Assert;
using TestContext = NUnit.Framework.TestContext;

[assembly: ProcessKitTest]
[assembly: Parallelizable(ParallelScope.Fixtures)]

namespace ProcessKit.Docs.Snippets;

/// <summary>The code of docs/adapters/nunit.md, in classes of their own so that their names stay apart from the other guides'.</summary>
public static class AdaptersNUnitSnippets
{
    /// <summary>The code of docs/adapters/nunit.md: the complete example.</summary>
    public sealed class RedisTests
    {
        private readonly ServerFixture<RedisServer> _redis = ServerFixture.Of(new RedisServerBuilder());

        [OneTimeSetUp]
        public Task StartRedis() => _redis.StartAsync();

        [OneTimeTearDown]
        public ValueTask StopRedis() => _redis.DisposeAsync();

        [Test]
        public async Task StoresAValue()
        {
            var redis = _redis.Server;

            await redis.CliCommand("SET", "greeting", "hello").RunAsync();

            Assert.That(await redis.CliCommand("GET", "greeting").RunAsync(), Is.EqualTo("hello"));
        }
    }

    /// <summary>docs/adapters/nunit.md: one server for a whole namespace (or, outside any namespace, the assembly).</summary>
    [SetUpFixture]
    public sealed class Servers
    {
        public static ServerFixture<DemoServer> Demo { get; } = ServerFixture.Of(new DemoServerBuilder());

        [OneTimeSetUp]
        public Task StartServers() => Demo.StartAsync();

        [OneTimeTearDown]
        public ValueTask StopServers() => Demo.DisposeAsync();
    }

    /// <summary>docs/adapters/nunit.md: a fixture of that namespace using the shared demo server.</summary>
    [Parallelizable(ParallelScope.All)]
    public sealed class DemoTests
    {
        [Test]
        public async Task AnswersPing()
        {
            var demo = Servers.Demo.Server;
            using var client = new TcpClient();
            await client.ConnectAsync(demo.Host, demo.Port);
            // ...
        }
    }

    /// <summary>docs/adapters/nunit.md: cancellation and started processes.</summary>
    public sealed class CancellationExamples
    {
        [Test, CancelAfter(30_000)]
        public async Task WaitsForTheJob()
        {
            // No token passed: the test's token (here from [CancelAfter]) cancels the command anyway.
            await new Command("./long-job.sh").RunAsync();
        }

        [Test]
        public async Task StreamsAStartedProcess()
        {
            await using var worker = await new Command("./worker", "--verbose").StartAsync();
            // Each line the worker prints appears in this test's output as it is read.
            await worker.WaitForLineAsync(new("^done$"), TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>docs/adapters/nunit.md: per-test cassettes.</summary>
    [Cassette]
    public sealed class GitTests
    {
        [TestCase("main")]
        [TestCase("release/1.0")]
        public async Task ShowsTheLastCommit(string branch)
        {
            // Replayed from Cassettes/GitTests/ShowsTheLastCommit(main).json once recorded.
            var log = await new Command("git", "log", "-1", "--format=%s", branch).RunAsync();
            Assert.That(log, Is.Not.Empty);
        }

        [Test]
        [Cassette(Mode = CassetteMode.ReplayOnly)]
        public async Task NeverRunsGit()
        {
            var code = new CodeThatShellsOut(TestCassette.Current);
            await code.RunAsync();
        }

        private sealed class CodeThatShellsOut(IProcessRunner runner)
        {
            public Task<string> RunAsync() => runner.RunAsync(new Command("git", "status", "--short"));
        }
    }

    /// <summary>docs/adapters/nunit.md: skips and failures.</summary>
    public sealed class FailureExamples
    {
        private readonly ServerFixture<PostgresServer> _postgres = ServerFixture.Of(new PostgresServerBuilder());

        [OneTimeSetUp]
        public async Task StartPostgres()
        {
            await _postgres.StartAsync();
            if (_postgres.StartupFailure is { } failure)
            {
                TestContext.Progress.WriteLine($"postgres did not start: {failure.Message}");
            }
        }

        [OneTimeTearDown]
        public ValueTask StopPostgres() => _postgres.DisposeAsync();
    }
}

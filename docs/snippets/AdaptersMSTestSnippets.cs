using ProcessKit.Samples;
using ProcessKit.Testing;
using ProcessKit.Testing.MSTest;

namespace ProcessKit.Docs.Snippets;

// The guide's tests are named as sentences, like the samples' and the repository's own tests.
#pragma warning disable CA1707

/// <summary>The code of docs/adapters/mstest.md: MSTest test classes, nested so their names stay apart from the other guides'.</summary>
public static class AdaptersMSTestSnippets
{
    [TestClass]
    public static class Servers
    {
        public static ServerFixture<RedisServer> Redis { get; } = new(() => new RedisServerBuilder().Build());

        public static ServerFixture<DemoServer> Demo { get; } = new(() => new DemoServerBuilder().Build());

        [AssemblyInitialize]
        public static Task StartAsync(TestContext context) => Task.WhenAll(Redis.StartAsync(context), Demo.StartAsync(context));

        [AssemblyCleanup]
        public static async Task StopAsync()
        {
            await Redis.DisposeAsync();
            await Demo.DisposeAsync();
        }
    }

    [TestClass]
    public sealed class GreetingTests : ProcessKitTest
    {
        [TestMethod]
        public async Task Stores_a_greeting()
        {
            RedisServer redis = Use(Servers.Redis);

            await redis.CliCommand("SET", "greeting", "hello").WithRunner(Runner).RunAsync(CancellationToken);

            Assert.AreEqual("hello", await redis.CliCommand("GET", "greeting").WithRunner(Runner).RunAsync(CancellationToken));
        }

        [TestMethod]
        public async Task Echoes_a_line()
        {
            DemoServer demo = Use(Servers.Demo);

            Assert.AreEqual("hello", await demo.SendAsync("ECHO hello", CancellationToken));
        }
    }

    [TestClass]
    public sealed class ReportTests : ProcessKitTest
    {
        private static readonly ServerFixture<PostgresServer> Postgres = new(() => new PostgresServerBuilder().Build());

        [ClassInitialize]
        public static async Task StartPostgresAsync(TestContext context)
        {
            await Postgres.StartAsync(context);
            if (Postgres.IsStarted)
            {
                // Class-wide set-up through the server itself: fixture.Server rethrows a failed start.
                await Postgres.Server.PsqlCommand("-c", "create table reports (id int)").RunAsync(context.CancellationToken);
            }
        }

        [ClassCleanup]
        public static ValueTask StopPostgresAsync() => Postgres.DisposeAsync();

        [TestMethod]
        public async Task Starts_a_redis_of_its_own()
        {
            RedisServer redis = await StartServerAsync(new RedisServerBuilder().Build());

            Assert.AreEqual("PONG", await redis.CliCommand("PING").WithRunner(Runner).RunAsync(CancellationToken));
        }
    }

    [TestClass]
    public sealed class GitTests : ProcessKitTest
    {
        [TestMethod]
        [Cassette]
        public async Task Reads_the_git_version()
        {
            string version = await new Command("git", "--version").RunAsync(CancellationToken);

            Assert.StartsWith("git version", version);
        }

        [TestMethod]
        [DataRow("main")]
        [DataRow("feature/login")]
        public async Task Lists_a_branch(string branch)
        {
            RecordReplayRunner cassette = UseCassette(new CassetteOptions { Mode = CassetteMode.NewEpisodes });

            await new Command("git", "log", "--oneline", branch).WithRunner(cassette).RunAsync(CancellationToken);
        }
    }

    /// <summary>Stands for a base class a test class already has.</summary>
    public abstract class SomeOtherBase;

    [TestClass]
    public sealed class QueueTests : SomeOtherBase
    {
        private TestSession _processKit = null!;

        public TestContext TestContext { get; set; } = null!;

        [TestInitialize]
        public void BeginProcessKit() => _processKit = new TestSession(TestContext);

        [TestCleanup]
        public Task CompleteProcessKitAsync() => _processKit.CompleteAsync();

        [TestMethod]
        public async Task Pings_redis()
        {
            RedisServer redis = _processKit.Use(Servers.Redis);

            Assert.AreEqual("PONG", await redis.CliCommand("PING").WithRunner(_processKit.Runner).RunAsync(TestContext.CancellationToken));
        }
    }
}

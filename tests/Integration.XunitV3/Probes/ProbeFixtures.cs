using ProcessKit;
using ProcessKit.Samples;
using ProcessKit.Testing;
using ProcessKit.Testing.XunitV3;

namespace Integration.XunitV3.Probes;

/// <summary>The demo server as a class or collection fixture.</summary>
public sealed class DemoFixture : ServerFixture<DemoServer>
{
    protected override DemoServer CreateServer() => new DemoServerBuilder().Build();
}

/// <summary>The demo server as the probe assembly's fixture.</summary>
public sealed class AssemblyDemoServer : ServerFixture<DemoServer>
{
    protected override DemoServer CreateServer() => new DemoServerBuilder().Build();
}

/// <summary>The demo server given a bad port: it prints its usage on stderr and exits with 2 during startup.</summary>
public sealed class CrashingFixture : ServerFixture<HelperServer>
{
    protected override HelperServer CreateServer() =>
        new HelperServerBuilder(new Command(DemoServerBuilder.DefaultProgramPath, "--port", "not-a-port"))
            .WithName("crashing")
            .WithPort("demo")
            .UntilPortIsAvailable()
            .Build();
}

/// <summary>A redis whose program is not installed.</summary>
public sealed class MissingRedisFixture : ServerFixture<RedisServer>
{
    protected override RedisServer CreateServer() => new RedisServerBuilder().WithProgram("/nonexistent/redis-server").Build();
}

/// <summary>A collection whose classes share one demo server.</summary>
[CollectionDefinition(Name)]
public sealed class SharedDemoServerDefinition : ICollectionFixture<DemoFixture>
{
    public const string Name = "demo server shared by a collection";
}

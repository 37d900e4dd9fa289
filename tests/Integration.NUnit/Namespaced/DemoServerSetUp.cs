using ProcessKit.Samples;
using ProcessKit.Testing.NUnit;

namespace Integration.NUnit.Namespaced;

/// <summary>One demo server for every fixture of this namespace, started and stopped by NUnit around them.</summary>
[SetUpFixture]
public sealed class DemoServerSetUp
{
    public static ServerFixture<DemoServer> Demo { get; } = ServerFixture.Of(new DemoServerBuilder());

    [OneTimeSetUp]
    public Task StartDemoServer() => Demo.StartAsync();

    [OneTimeTearDown]
    public ValueTask StopDemoServer() => Demo.DisposeAsync();
}

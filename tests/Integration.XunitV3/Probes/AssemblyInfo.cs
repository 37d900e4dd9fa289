using Integration.XunitV3.Probes;
using ProcessKit.Testing.XunitV3;

[assembly: CaptureServerLogs]
[assembly: AssemblyFixture(typeof(AssemblyDemoServer))]

using Integration.XunitV3.Probes;
using ProcessKit.Testing.XunitV3;

[assembly: ProcessKitTest]
[assembly: AssemblyFixture(typeof(AssemblyDemoServer))]

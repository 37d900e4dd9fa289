using ProcessKit.Testing;

namespace ProcessKit.Samples;

/// <summary>
/// The repository's demo server (samples/DemoServer: a TCP line protocol, PING → PONG, ECHO x → x)
/// as a fixture that needs nothing installed: the program built beside the test assembly by
/// samples/DemoServer/ReferenceDemoServer.targets, on a free port, ready when it prints
/// "listening on PORT" and its port answers. <see cref="ExistingServerVariable"/> (<c>host:port</c>)
/// points it at a running one instead.
/// </summary>
public sealed class DemoServerBuilder : HelperServerPresetBuilder<DemoServerBuilder, DemoServer>
{
    /// <summary>The environment variable that points the fixture at a running demo server: <c>PROCESSKIT_DEMOSERVER_URL</c>.</summary>
    public const string ExistingServerVariable = "PROCESSKIT_DEMOSERVER_URL";

    private string? _program;

    /// <summary>
    /// Where the demo server is by default: <c>DemoServer/DemoServer</c> (<c>DemoServer.exe</c> on
    /// Windows) beside the running assembly, where ReferenceDemoServer.targets puts it.
    /// </summary>
    public static string DefaultProgramPath =>
        Path.Combine(AppContext.BaseDirectory, "DemoServer", OperatingSystem.IsWindows() ? "DemoServer.exe" : "DemoServer");

    /// <summary>Returns a copy that runs the demo server at <paramref name="path"/> instead of <see cref="DefaultProgramPath"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public DemoServerBuilder WithProgram(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return With(builder => builder._program = Path.GetFullPath(path));
    }

    /// <inheritdoc />
    protected override HelperServerBuilder CreateBuilder() =>
        new HelperServerBuilder(new Command(_program ?? DefaultProgramPath, "--port", "{port}", "--host", "{host}"))
            .WithName("demo")
            .WithPort("demo")
            .WithPackage("samples/DemoServer", "build it; a project that imports samples/DemoServer/ReferenceDemoServer.targets gets it beside its assembly")
            .WithExistingServerVariable(ExistingServerVariable)
            .UntilMessageIsLogged("^listening on ")
            .UntilPortIsAvailable();

    /// <inheritdoc />
    protected override DemoServer CreateServer(HelperServerDefinition definition) => new(definition);
}

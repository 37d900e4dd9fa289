namespace ProcessKit.Cli.Tests.Infrastructure;

/// <summary>
/// The built <c>processkit</c> tool. The test project references src/Cli, so the build copies the
/// tool's apphost, dll, deps.json and runtimeconfig.json beside the test assembly; the tests run
/// that apphost as a child process, end to end.
/// </summary>
internal static class CliProgram
{
    /// <summary>How long one run of the tool may take before the test fails (and its tree is killed).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<string> Located = new(() => BuiltProgram.Locate(
        "ProcessKit.Cli",
        "The test project references src/Cli/ProcessKit.Cli.csproj, whose build output is copied there: rebuild the test project."));

    /// <summary>The absolute path of the tool's apphost.</summary>
    public static string Path => Located.Value;

    /// <summary>A command running <c>processkit</c> with <paramref name="arguments"/>, bounded by <see cref="Timeout"/>.</summary>
    public static Command Command(params string[] arguments) => new Command(Path, arguments).WithTimeout(Timeout);

    /// <summary>
    /// <c>processkit run [options] -- TestHelper actions...</c>: <paramref name="options"/> go before
    /// the <c>--</c>, <paramref name="helperActions"/> after TestHelper's path.
    /// </summary>
    public static Command RunHelper(string[] options, params string[] helperActions) =>
        Command(["run", .. options, "--", TestHelperProgram.Path, .. helperActions]);
}

using System.Runtime.CompilerServices;

namespace ProcessKit.Testing.MSTest;

/// <summary>
/// Gives each test of a <see cref="ProcessKitTest"/> its own cassette:
/// <c>Cassettes/ClassName/MethodName.json</c> (data rows: <c>MethodName(arg1, arg2).json</c>) next
/// to the source file where the attribute is written. On a method, that test; on a class, each of
/// its tests (a method's attribute wins). During the test the cassette is the ambient runner, so
/// every command without a runner of its own records or replays through it (and
/// <see cref="TestCassette.Current"/> returns it); it is saved only when the test passes. A command
/// the test ran past the cassette with the real runner (code that took
/// <see cref="ProcessRunner.Default"/>, from DI for example), or a cassette that recorded and
/// replayed nothing, is reported by a warning in the test's output, or fails the test when it is
/// <see cref="Strict"/>. The environment variable <c>PROCESSKIT_CASSETTE_MODE</c> overrides the mode.
/// </summary>
/// <param name="sourceFilePath">The source file the attribute is written in: leave it to the compiler.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class CassetteAttribute([CallerFilePath] string sourceFilePath = "") : Attribute
{
    /// <summary>The source file the attribute is written in; the cassettes live beside it.</summary>
    public string SourceFilePath { get; } = sourceFilePath;

    /// <summary>When to replay and when to record; <see cref="CassetteMode.Once"/> by default. <c>PROCESSKIT_CASSETTE_MODE</c> overrides it.</summary>
    public CassetteMode Mode { get; set; } = CassetteMode.Once;

    /// <summary>The folder of cassettes, relative to the folder of the source file (or absolute); <c>Cassettes</c> by default.</summary>
    public string Directory { get; set; } = TestCassetteSession.DefaultDirectory;

    /// <summary>
    /// Whether a test that ran commands past its cassette (with the real runner), or whose cassette
    /// recorded and replayed nothing, fails with <see cref="CassetteBypassedException"/> rather than
    /// only a warning in its output; false by default. <c>PROCESSKIT_CASSETTE_STRICT=1</c> makes
    /// every cassette test strict.
    /// </summary>
    public bool Strict { get; set; }

    /// <summary>The cassette name of <paramref name="test"/> by <see cref="TestCassetteNaming"/>'s rule: <c>ClassName/MethodName</c>, or <c>ClassName/MethodName(arg1, arg2)</c> for a data row.</summary>
    internal static string CassetteName(TestContext test)
    {
        var className = test.FullyQualifiedTestClassName;
        if (string.IsNullOrEmpty(className))
        {
            throw new InvalidOperationException("The test context names no test class: per-test files can only be named inside a test (not in an initialize or cleanup method of a class or assembly).");
        }

        var method = test.TestName;
        if (string.IsNullOrEmpty(method))
        {
            throw new InvalidOperationException("The test context names no test method: per-test files can only be named inside a test.");
        }

        return TestCassetteNaming.Name(TestCassetteNaming.ClassName(className), [], method, test.TestData ?? []);
    }

    /// <summary>A file name stem for the test's attachments, from its cassette name: <c>ClassName.MethodName(args)</c>.</summary>
    internal static string FileStem(TestContext test) => CassetteName(test).Replace('/', '.');
}

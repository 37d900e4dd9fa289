namespace ProcessKit.Cli.Tests.Infrastructure;

/// <summary>
/// Where tests/TestHelper's executable is: the build publishes it into a TestHelper folder beside
/// the test assembly (tests/TestHelper/ReferenceTestHelper.targets).
/// </summary>
internal static class TestHelperProgram
{
    private static readonly Lazy<string> Located = new(() => BuiltProgram.Locate(
        System.IO.Path.Combine("TestHelper", "TestHelper"),
        "Building the test project publishes it there (tests/TestHelper/ReferenceTestHelper.targets): rebuild the test project."));

    /// <summary>The absolute path of the TestHelper apphost.</summary>
    public static string Path => Located.Value;
}

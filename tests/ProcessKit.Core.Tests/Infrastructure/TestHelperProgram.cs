namespace ProcessKit.Core.Tests.Infrastructure;

/// <summary>
/// Where tests/TestHelper's executable is. The build publishes it into a TestHelper folder beside
/// the test assembly (tests/TestHelper/ReferenceTestHelper.targets), so the path depends only on
/// where the tests run from, never on the machine.
/// </summary>
internal static class TestHelperProgram
{
    private static readonly Lazy<string> Located = new(Locate);

    /// <summary>
    /// The absolute path of the TestHelper apphost (not its dll).
    /// Throws <see cref="FileNotFoundException"/> saying how to fix it when the file is missing.
    /// </summary>
    public static string Path => Located.Value;

    private static string Locate()
    {
        var directory = System.IO.Path.Combine(AppContext.BaseDirectory, "TestHelper");
        var path = System.IO.Path.Combine(directory, OperatingSystem.IsWindows() ? "TestHelper.exe" : "TestHelper");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The TestHelper program is not at '{path}'. Building the test project publishes it there "
                + "(target PublishTestHelper in tests/TestHelper/ReferenceTestHelper.targets): rebuild the test project.",
                path);
        }

        return path;
    }
}

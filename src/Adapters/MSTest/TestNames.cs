namespace ProcessKit.Testing.MSTest;

/// <summary>
/// Names of the files that belong to the current test (its cassette, its attachments), from the
/// class, method and data-row arguments its <see cref="TestContext"/> reports, by
/// <see cref="TestCassetteNaming"/>'s rule: stable across runs and machines, valid file names on
/// every platform, and different for two data rows with different arguments.
/// </summary>
internal static class TestNames
{
    /// <summary>The cassette of the test: <c>ClassName/MethodName</c>, or <c>ClassName/MethodName(arg1, arg2)</c> for a data row.</summary>
    public static string Cassette(TestContext test)
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

    /// <summary>A file name stem for the test's attachments: <c>ClassName.MethodName(args)</c>.</summary>
    public static string FileStem(TestContext test) => Cassette(test).Replace('/', '.');
}

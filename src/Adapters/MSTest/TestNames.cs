using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ProcessKit.Testing.MSTest;

/// <summary>
/// Names derived from the current test (class, method, data-row arguments) for files that belong to
/// it: its cassette and its attachments. Stable across runs and machines, and valid file names on
/// every platform; two data rows with different arguments get different names.
/// </summary>
internal static class TestNames
{
    /// <summary>Longest argument text kept as is; longer text is cut and made unique by a hash.</summary>
    private const int MaxArgumentsLength = 80;

    /// <summary>The cassette of the test: <c>ClassName/MethodName</c>, or <c>ClassName/MethodName(arg1,arg2)</c> for a data row.</summary>
    public static string Cassette(TestContext test) => $"{ClassName(test)}/{MethodAndArguments(test)}";

    /// <summary>A file name stem for the test's attachments: <c>ClassName.MethodName(args)</c>.</summary>
    public static string FileStem(TestContext test) => $"{ClassName(test)}.{MethodAndArguments(test)}";

    private static string ClassName(TestContext test)
    {
        var fullName = test.FullyQualifiedTestClassName;
        if (string.IsNullOrEmpty(fullName))
        {
            throw new InvalidOperationException("The test context names no test class: per-test files can only be named inside a test (not in an initialize or cleanup method of a class or assembly).");
        }

        return fullName[(fullName.LastIndexOf('.') + 1)..];
    }

    private static string MethodAndArguments(TestContext test)
    {
        var method = test.TestName;
        if (string.IsNullOrEmpty(method))
        {
            throw new InvalidOperationException("The test context names no test method: per-test files can only be named inside a test.");
        }

        return test.TestData is { Length: > 0 } arguments ? $"{method}({Sanitize(string.Join(",", arguments.Select(Format)))})" : method;
    }

    private static string Format(object? argument) => argument switch
    {
        null => "null",
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Format)) + "]",
        _ => argument.ToString() ?? "",
    };

    /// <summary>
    /// Replaces what no file system accepts (path separators, <c>&lt;&gt;:"|?*</c>, control
    /// characters) and cuts long text; when anything was changed, a short hash of the original keeps
    /// two different argument lists from sharing a name.
    /// </summary>
    private static string Sanitize(string text)
    {
        var safe = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            safe.Append(char.IsControl(c) || c is '/' or '\\' or '<' or '>' or ':' or '"' or '|' or '?' or '*' ? '_' : c);
        }

        var result = safe.ToString().Trim().TrimEnd('.');
        if (result.Length > MaxArgumentsLength)
        {
            result = result[..MaxArgumentsLength];
        }

        if (result == text)
        {
            return result;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
        return $"{result}~{hash}";
    }
}

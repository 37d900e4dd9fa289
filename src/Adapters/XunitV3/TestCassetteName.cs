using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Xunit.v3;

namespace ProcessKit.Testing.XunitV3;

/// <summary>
/// The cassette name of one test: <c>Class/Method</c>, or <c>Class/Method(arg1, arg2)</c> for a
/// theory row, so that every row of a theory has a cassette of its own and a reader finds a test's
/// cassette by its name. Arguments are written as invariant text; characters a file name cannot
/// hold become <c>_</c>, a long argument list is cut, and when either happened a short hash of
/// the exact arguments keeps two rows apart (<c>Method(a_b)~1f2e3d4c</c>).
/// </summary>
internal static class TestCassetteName
{
    /// <summary>The longest argument text kept in a name before it is cut (file names stop at 255 bytes).</summary>
    internal const int MaxArgumentsLength = 80;

    /// <summary>The cassette name of <paramref name="test"/>.</summary>
    internal static string For(IXunitTest test) =>
        For(test.TestMethod.TestClass.Class, test.TestMethod.Method.Name, test.TestMethodArguments);

    /// <summary>The cassette name of method <paramref name="method"/> of <paramref name="testClass"/> run with <paramref name="arguments"/>.</summary>
    internal static string For(Type testClass, string method, IReadOnlyList<object?> arguments)
    {
        var name = ClassName(testClass) + "/" + method;
        if (arguments.Count == 0)
        {
            return name;
        }

        var exact = string.Join(", ", arguments.Select(Format));
        var safe = Sanitize(exact);
        if (safe.Length > MaxArgumentsLength)
        {
            safe = safe[..MaxArgumentsLength].TrimEnd() + "...";
        }

        var suffix = safe == exact ? "" : "~" + ShortHash(exact);
        return $"{name}({safe}){suffix}";
    }

    /// <summary>The class's name, nesting written with dots, without generic arity (<c>Outer.Inner</c>).</summary>
    private static string ClassName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        return type.DeclaringType is { } outer ? ClassName(outer) + "." + name : name;
    }

    private static string Format(object? argument) => argument switch
    {
        null => "null",
        string text => text,
        bool flag => flag ? "true" : "false",
        Enum value => value.ToString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        _ => argument.ToString() ?? argument.GetType().Name,
    };

    /// <summary>Keeps letters, digits and a few harmless marks; anything else (separators, quotes, wildcards, controls) becomes '_'.</summary>
    private static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || " -_.,=+@[]".Contains(c, StringComparison.Ordinal) ? c : '_');
        }

        return builder.ToString();
    }

    private static string ShortHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 4));
}

using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ProcessKit.Testing;

/// <summary>
/// The one rule the test-framework adapters name a test's cassette by: <c>Class/Method</c>, with the
/// arguments in parentheses when there are any (<c>GitTests/Log_lists(main, 3)</c>, and
/// <c>GitTests(main)/Log_lists</c> for a fixture class made with arguments), so that every row of a
/// parameterized test has a cassette of its own and a reader finds a test's cassette by its name.
/// </summary>
/// <remarks>
/// Arguments are written as invariant text, separated by <c>", "</c>: <c>null</c>, strings as they
/// are, <c>true</c>/<c>false</c>, enum names, numbers and dates in the invariant culture, sequences
/// as <c>[a, b]</c>. Characters no file system accepts (path separators, <c>&lt;&gt;:"|?*</c>,
/// control characters) become <c>_</c>, trailing dots and spaces are dropped, and argument text
/// longer than <see cref="MaxArgumentsLength"/> is cut and marked <c>...</c>; when any of that
/// changed the text, <c>~</c> and a short hash of the exact arguments keep two rows apart
/// (<c>Method(a_b)~1f2e3d4c</c>). Nested classes are written <c>Outer.Inner</c>, without generic arity.
/// </remarks>
internal static class TestCassetteNaming
{
    /// <summary>The longest argument text kept in a name before it is cut (file names stop at 255 bytes).</summary>
    internal const int MaxArgumentsLength = 80;

    /// <summary>The cassette name, relative to its folder: <c>Class[(class arguments)]/Method[(arguments)]</c>.</summary>
    /// <param name="className">The test class's name, as <see cref="ClassName(Type)"/> or <see cref="ClassName(string)"/> gives it.</param>
    /// <param name="classArguments">The arguments the test class was made with (NUnit's parameterized fixtures); usually none.</param>
    /// <param name="method">The test method's name.</param>
    /// <param name="arguments">The test's arguments (a theory or data row); none for a plain test.</param>
    internal static string Name(string className, IReadOnlyList<object?> classArguments, string method, IReadOnlyList<object?> arguments) =>
        Part(className, classArguments) + "/" + Part(method, arguments);

    /// <summary>The name of <paramref name="type"/> for a cassette: nesting written with dots, without generic arity (<c>Outer.Inner</c>).</summary>
    internal static string ClassName(Type type)
    {
        var name = WithoutArity(type.Name);
        return type.DeclaringType is { } outer ? ClassName(outer) + "." + name : name;
    }

    /// <summary>The name for a cassette of a class known only by its full name (<c>Namespace.Outer+Inner`1</c> gives <c>Outer.Inner</c>).</summary>
    internal static string ClassName(string fullName)
    {
        var nested = fullName.Split('+');
        nested[0] = nested[0][(nested[0].LastIndexOf('.') + 1)..];
        return string.Join(".", nested.Select(WithoutArity));
    }

    private static string WithoutArity(string name)
    {
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    private static string Part(string name, IReadOnlyList<object?> arguments)
    {
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

        return safe == exact ? $"{name}({safe})" : $"{name}({safe})~{ShortHash(exact)}";
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

    /// <summary>Replaces what no file system accepts with '_' and drops trailing dots and spaces (which Windows drops silently).</summary>
    private static string Sanitize(string text)
    {
        var safe = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            safe.Append(char.IsControl(c) || c is '/' or '\\' or '<' or '>' or ':' or '"' or '|' or '?' or '*' ? '_' : c);
        }

        return safe.ToString().TrimEnd('.', ' ');
    }

    private static string ShortHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 4));
}

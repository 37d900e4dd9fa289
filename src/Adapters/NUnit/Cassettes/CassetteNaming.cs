using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NUnit.Framework.Interfaces;

namespace ProcessKit.Testing.NUnit;

/// <summary>
/// Where a test's own cassette lives: in a folder beside the test's source file, one file per test
/// case, named <c>Class/Method</c>, with the fixture's and the test's arguments when there are any
/// (<c>GitTests(main)/Log_lists_commits(3,"a b")</c>), so every case of a parameterized test
/// records its own cassette.
/// </summary>
internal static class CassetteNaming
{
    /// <summary>The longest name part kept before it is shortened and made unique by a hash.</summary>
    private const int MaxPartLength = 100;

    private static readonly char[] Unsafe = ['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

    /// <summary>
    /// The cassette folder: <paramref name="folder"/> resolved against the directory of
    /// <paramref name="sourceFile"/> (the test's source, from <c>[CallerFilePath]</c>). A source
    /// path that a deterministic build mapped (<c>/_/tests/...</c>) is found again under an
    /// ancestor of the test assembly's directory (the repository root).
    /// </summary>
    /// <exception cref="InvalidOperationException">The source file's directory cannot be found.</exception>
    internal static string Directory(string sourceFile, string folder, string assemblyDirectory)
    {
        if (Path.IsPathFullyQualified(folder))
        {
            return folder;
        }

        var sourceDirectory = Path.GetDirectoryName(sourceFile);
        if (string.IsNullOrEmpty(sourceDirectory))
        {
            throw new InvalidOperationException(
                $"The test's source file is unknown ('{sourceFile}'), so its cassette folder cannot be placed beside it: give the attribute an absolute Folder.");
        }

        if (!System.IO.Directory.Exists(sourceDirectory) && MappedRelativePath(sourceDirectory) is { } relative)
        {
            for (var ancestor = new DirectoryInfo(assemblyDirectory); ancestor is not null; ancestor = ancestor.Parent)
            {
                var candidate = Path.Combine(ancestor.FullName, relative);
                if (System.IO.Directory.Exists(candidate))
                {
                    return Path.GetFullPath(Path.Combine(candidate, folder));
                }
            }

            throw new InvalidOperationException(
                $"The test's source path '{sourceFile}' was mapped by a deterministic build and '{relative}' was not found above '{assemblyDirectory}': " +
                "build the tests with DeterministicSourcePaths=false, or give the attribute an absolute Folder.");
        }

        return Path.GetFullPath(Path.Combine(sourceDirectory, folder));
    }

    /// <summary>The cassette's name relative to its folder: <c>Class[(fixture arguments)]/Method[(arguments)]</c>.</summary>
    internal static string Name(ITest test)
    {
        var type = test.TypeInfo?.Type ?? throw new InvalidOperationException($"The test '{test.FullName}' has no fixture class to name its cassette after.");
        var method = test.MethodName ?? throw new InvalidOperationException($"'{test.FullName}' is not a test method, so it has no cassette of its own.");
        var fixture = FixtureOf(test);
        return Part(TypeName(type), fixture?.Arguments ?? []) + "/" + Part(method, test.Arguments);
    }

    private static ITest? FixtureOf(ITest test)
    {
        for (var parent = test.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.IsSuite && parent.TypeInfo is not null && parent.MethodName is null)
            {
                return parent;
            }
        }

        return null;
    }

    private static string TypeName(Type type) =>
        type.DeclaringType is { } outer ? TypeName(outer) + "." + type.Name : type.Name;

    /// <summary><c>name</c>, or <c>name(a,b)</c>; unsafe characters become '_', and a part that had any, or was too long, ends with a hash of the original so that it stays unique.</summary>
    private static string Part(string name, object?[] arguments)
    {
        var original = arguments.Length == 0 ? name : $"{name}({string.Join(",", arguments.Select(Format))})";
        var safe = new StringBuilder(original.Length);
        foreach (var c in original)
        {
            safe.Append(char.IsControl(c) || Array.IndexOf(Unsafe, c) >= 0 ? '_' : c);
        }

        var text = safe.ToString().TrimEnd('.', ' ');
        if (text == original && text.Length <= MaxPartLength)
        {
            return text;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(original)))[..8];
        return (text.Length > MaxPartLength ? text[..MaxPartLength] : text) + "~" + hash;
    }

    private static string Format(object? argument) => argument switch
    {
        null => "null",
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => argument.ToString() ?? "",
    };

    /// <summary>The path below the mapped root of a path a deterministic build rewrote (<c>/_/src/x</c> → <c>src/x</c>), or null.</summary>
    private static string? MappedRelativePath(string path)
    {
        var normalized = path.Replace('\\', '/');
        if (!normalized.StartsWith("/_", StringComparison.Ordinal))
        {
            return null;
        }

        var slash = normalized.IndexOf('/', 1);
        var root = slash < 0 ? normalized[2..] : normalized[2..slash];
        return root.All(char.IsAsciiDigit) && slash > 0 ? normalized[(slash + 1)..] : null;
    }
}

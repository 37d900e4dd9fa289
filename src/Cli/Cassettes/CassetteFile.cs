using System.IO.Abstractions;
using System.IO.Enumeration;
using ProcessKit.Testing;
using ProcessKit.Testing.Cassettes;

namespace ProcessKit.Cli.Cassettes;

/// <summary>Finds and reads the cassettes a <c>processkit cassette</c> command was given, reporting why it could not on stderr.</summary>
internal static class CassetteFile
{
    private const string Extension = ".json";

    /// <summary>The cassette at <paramref name="path"/> on the real file system.</summary>
    internal static CassetteStore Store(string path) => new(new FileSystem(), Path.GetFullPath(path));

    /// <summary>
    /// Every cassette (<c>*.json</c> file) in <paramref name="directory"/> and its folders, in path
    /// order. Hidden folders are searched too; a folder that is a link is not entered (a cassette's
    /// folders may not be links), a file that is one is listed, so that its check says why it is
    /// refused. Returns the problem instead when a folder cannot be read.
    /// </summary>
    internal static (IReadOnlyList<string> Files, string? Problem) FindIn(string directory)
    {
        var files = new FileSystemEnumerable<string>(
            directory,
            static (ref entry) => entry.ToFullPath(),
            new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.None, IgnoreInaccessible = false })
        {
            ShouldIncludePredicate = static (ref entry) => !entry.IsDirectory && entry.FileName.EndsWith(Extension, StringComparison.OrdinalIgnoreCase),
            ShouldRecursePredicate = static (ref entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        try
        {
            return ([.. files.Order(StringComparer.Ordinal)], null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ([], $"the directory '{directory}' cannot be searched for cassettes: {e.Message}");
        }
    }

    /// <summary>
    /// Reads and validates the cassette; on failure writes why to <paramref name="error"/> and
    /// returns null with the exit code to use.
    /// </summary>
    internal static async Task<(CassetteDocument? Document, int ExitCode)> LoadAsync(CassetteStore store, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var document = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                await error.WriteLineAsync($"{LeakReport.Prefix}{Missing(store)}").ConfigureAwait(false);
                return (null, CassetteExitCodes.Unavailable);
            }

            return (document, CassetteExitCodes.Success);
        }
        catch (CassetteFormatException e)
        {
            await error.WriteLineAsync($"{LeakReport.Prefix}{e.Message}").ConfigureAwait(false);
            return (null, CassetteExitCodes.Invalid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"{LeakReport.Prefix}{(Directory.Exists(store.Path) ? Missing(store) : $"the cassette '{store.Path}' cannot be read: {e.Message}")}").ConfigureAwait(false);
            return (null, CassetteExitCodes.Unavailable);
        }
    }

    /// <summary>Why there is no cassette file at the store's path: nothing is there, or a directory is.</summary>
    internal static string Missing(CassetteStore store) => Directory.Exists(store.Path)
        ? $"'{store.Path}' is a directory, not a cassette file ('processkit cassette check' takes directories)."
        : $"the cassette '{store.Path}' does not exist.";
}

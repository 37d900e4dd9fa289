using System.IO.Abstractions;
using ProcessKit.Testing;
using ProcessKit.Testing.Cassettes;

namespace ProcessKit.Cli.Cassettes;

/// <summary>Reads the cassette a <c>processkit cassette</c> command was given, reporting why it could not on stderr.</summary>
internal static class CassetteFile
{
    /// <summary>The cassette at <paramref name="path"/> on the real file system.</summary>
    internal static CassetteStore Store(string path) => new(new FileSystem(), Path.GetFullPath(path));

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
                await error.WriteLineAsync($"{LeakReport.Prefix}the cassette '{store.Path}' does not exist.").ConfigureAwait(false);
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
            await error.WriteLineAsync($"{LeakReport.Prefix}the cassette '{store.Path}' cannot be read: {e.Message}").ConfigureAwait(false);
            return (null, CassetteExitCodes.Unavailable);
        }
    }
}

using System.Globalization;
using ProcessKit.Testing.Cassettes;

namespace ProcessKit.Cli.Cassettes;

/// <summary>
/// What <c>processkit cassette check PATH...</c> does: validates every cassette it was given, and
/// every cassette (<c>*.json</c> file) under a directory it was given, and looks for secrets in
/// each. Each cassette is reported on its own: a line on stdout when it is valid and clean, lines
/// on stderr naming it when not. The exit code is the worst of the cassettes'.
/// </summary>
internal static class CassetteCheck
{
    private static readonly StringComparer PathComparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>
    /// Checks the cassettes at and under <paramref name="paths"/>, each once, in the order given
    /// (a directory's in path order). Returns <see cref="CassetteExitCodes.Success"/> when every one
    /// is valid and clean, else the highest code of any: <see cref="CassetteExitCodes.Unavailable"/>
    /// when one could not be read (or a directory holds none), else <see cref="CassetteExitCodes.Invalid"/>.
    /// </summary>
    internal static async Task<int> RunAsync(IReadOnlyList<string> paths, CassetteRedactor redactor, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var exitCode = CassetteExitCodes.Success;
        var seen = new HashSet<string>(PathComparer);
        var checkedCount = 0;
        var failed = 0;
        foreach (var given in paths)
        {
            var full = Path.GetFullPath(given);
            IReadOnlyList<string> files = [full];
            if (Directory.Exists(full))
            {
                var (found, problem) = CassetteFile.FindIn(full);
                if (problem is not null || found.Count == 0)
                {
                    await error.WriteLineAsync($"{LeakReport.Prefix}{problem ?? $"no cassette (*.json file) in the directory '{full}'"}").ConfigureAwait(false);
                    exitCode = Math.Max(exitCode, CassetteExitCodes.Unavailable);
                    continue;
                }

                files = found;
            }

            foreach (var file in files.Where(seen.Add))
            {
                var code = await CheckOneAsync(file, redactor, output, error, cancellationToken).ConfigureAwait(false);
                checkedCount++;
                failed += code == CassetteExitCodes.Success ? 0 : 1;
                exitCode = Math.Max(exitCode, code);
            }
        }

        if (checkedCount > 1)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{checkedCount} cassettes checked: {checkedCount - failed} valid and clean, {failed} not.")).ConfigureAwait(false);
        }

        return exitCode;
    }

    private static async Task<int> CheckOneAsync(string path, CassetteRedactor redactor, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var store = CassetteFile.Store(path);
        var (document, exitCode) = await CassetteFile.LoadAsync(store, error, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return exitCode;
        }

        var found = redactor.Find(document);
        if (found.Count > 0)
        {
            foreach (var place in found)
            {
                await error.WriteLineAsync($"{LeakReport.Prefix}{store.Path}: {place}").ConfigureAwait(false);
            }

            await error.WriteLineAsync($"{LeakReport.Prefix}{store.Path}: the cassette holds secrets: run 'processkit cassette redact {store.Path}' (with the same --secret and --secret-pattern values).").ConfigureAwait(false);
            return CassetteExitCodes.Invalid;
        }

        var count = document.Interactions.Count;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{store.Path}: valid cassette, format version {document.Version}, {count} interaction{(count == 1 ? "" : "s")}, no secrets found.")).ConfigureAwait(false);
        return CassetteExitCodes.Success;
    }
}

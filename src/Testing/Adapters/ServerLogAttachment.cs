using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>
/// What every test-framework adapter attaches to a failed test for each server it used: the
/// server's last <see cref="DefaultLines"/> log lines (unless the fixture says otherwise), under
/// one name and with one first line that says which server and test it is about, so the
/// attachment reads the same whichever framework wrote it.
/// </summary>
internal static class ServerLogAttachment
{
    /// <summary>How many of a server's last log lines are attached to a failed test by default.</summary>
    internal const int DefaultLines = 200;

    /// <summary>A fixture's <c>AttachedLogLines</c>, checked: at least one line.</summary>
    /// <param name="lines">The value given.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lines"/> is not positive.</exception>
    internal static int Checked(int lines)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lines);
        return lines;
    }

    /// <summary>The attachment's name (a file name where the framework attaches files): <c>redis.log</c>.</summary>
    /// <param name="server">The server.</param>
    internal static string Name(HelperServer server) => server.Name + ".log";

    /// <summary>
    /// The attachment's lines: a header naming the server, how many of its lines follow and the
    /// test, then the last <paramref name="lines"/> log lines, each with the time it was read.
    /// </summary>
    /// <param name="server">The server.</param>
    /// <param name="lines">How many of its last lines.</param>
    /// <param name="test">The test's name, as the framework shows it.</param>
    internal static IReadOnlyList<string> Lines(HelperServer server, int lines, string test)
    {
        ArgumentNullException.ThrowIfNull(server);
        var tail = server.Log.Tail(lines);
        var header = string.Create(CultureInfo.InvariantCulture, $"# {server}: the last {tail.Count} of its {server.Log.TotalLines} log lines, for the failed test {test}");
        return [header, .. ServerLog.FormatLines(tail, timestamps: true)];
    }

    /// <summary><see cref="Lines"/> as one text, each line ending with <c>\n</c>.</summary>
    /// <param name="server">The server.</param>
    /// <param name="lines">How many of its last lines.</param>
    /// <param name="test">The test's name, as the framework shows it.</param>
    internal static string Text(HelperServer server, int lines, string test) => string.Join('\n', Lines(server, lines, test)) + "\n";
}

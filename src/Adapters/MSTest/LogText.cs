using System.Globalization;
using System.Text;

namespace ProcessKit.Testing.MSTest;

/// <summary>A server's last log lines as text: for an error message, or the file attached to a failed test.</summary>
internal static class LogText
{
    /// <summary>The last <paramref name="count"/> lines, one per line, indented.</summary>
    public static string Tail(HelperServer server, int count)
    {
        var lines = server.Log.Tail(count);
        return lines.Count == 0 ? "  (the server wrote no output)" : string.Join(Environment.NewLine, lines.Select(line => "  " + line));
    }

    /// <summary>The attachment: a header that says which server, test and outcome, then the last <paramref name="count"/> lines with their times.</summary>
    public static string TailFile(HelperServer server, int count, TestContext test)
    {
        var lines = server.Log.Tail(count);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {server}: the last {lines.Count} of its {server.Log.TotalLines} log lines, for {test.FullyQualifiedTestClassName}.{test.TestDisplayName ?? test.TestName} ({test.CurrentTestOutcome})").Append('\n');
        foreach (var line in lines)
        {
            text.Append(line.Timestamp.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append(' ').Append(line.ToString()).Append('\n');
        }

        return text.ToString();
    }
}

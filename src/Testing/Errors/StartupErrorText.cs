namespace ProcessKit.Testing;

/// <summary>The message every startup error of a helper server shares: what happened, what was awaited, where the data is, the log tail.</summary>
internal static class StartupErrorText
{
    internal static string Build(string headline, string awaited, IReadOnlyList<OutputLine> lastLines, string? keptDataDirectory)
    {
        var message = headline + Environment.NewLine + "Awaited: " + awaited + ".";
        if (keptDataDirectory is not null)
        {
            message += Environment.NewLine + "Data directory kept for inspection: " + keptDataDirectory;
        }

        message += Environment.NewLine + (lastLines.Count == 0
            ? "The server wrote no output."
            : "Last log lines:" + Environment.NewLine + ServerLog.Format(lastLines, "  "));
        return message;
    }
}

namespace ProcessKit.Testing;

/// <summary>
/// A command as the doubles' messages show it: the redacted command line, then where it runs, the
/// names of the environment variables it changes (never their values) and its kind of input.
/// </summary>
internal static class CommandDescription
{
    internal static string Describe(Command command)
    {
        var details = new List<string>(3);
        if (command.WorkingDirectory is { } directory)
        {
            details.Add("in " + directory);
        }

        if (command.ClearsEnvironment)
        {
            details.Add("from an empty environment");
        }

        var set = command.EnvironmentChanges.Where(v => v.Value is not null).Select(v => v.Key).Order(StringComparer.Ordinal).ToArray();
        if (set.Length > 0)
        {
            details.Add("sets " + string.Join(", ", set));
        }

        var removed = command.EnvironmentChanges.Where(v => v.Value is null).Select(v => v.Key).Order(StringComparer.Ordinal).ToArray();
        if (removed.Length > 0)
        {
            details.Add("removes " + string.Join(", ", removed));
        }

        if (!ReferenceEquals(command.StandardInput, StandardInput.None))
        {
            details.Add("standard input " + command.StandardInput);
        }

        return details.Count == 0 ? command.ToString() : command + " (" + string.Join("; ", details) + ")";
    }
}

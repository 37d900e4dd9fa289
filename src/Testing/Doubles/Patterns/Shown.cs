namespace ProcessKit.Testing;

/// <summary>
/// Shows values from a command in messages without leaking secrets: an argument is shown only
/// when the command's own redacted command line (<see cref="Command.ToString"/>) already shows it,
/// so a value redacted there (<c>--password=x</c>, the value after <c>--token</c>, a URL password)
/// is never shown here either.
/// </summary>
internal static class Shown
{
    internal const int MaxLength = 80;

    internal static string Argument(Command command, string value) =>
        value.Length == 0 || command.ToString().Contains(value, StringComparison.Ordinal) ? Quote(value) : "(redacted)";

    /// <summary>Quotes a value for a message, cut to <see cref="MaxLength"/> characters.</summary>
    internal static string Quote(string value) =>
        "'" + (value.Length <= MaxLength ? value : string.Concat(value.AsSpan(0, MaxLength), "…")) + "'";

    internal static string Count(int count, string noun) =>
        count == 1 ? $"1 {noun}" : FormattableString.Invariant($"{count} {noun}s");
}

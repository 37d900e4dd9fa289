using System.Globalization;
using System.Text.RegularExpressions;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// The checks a JSON parser cannot make: values that are well-formed JSON but no valid cassette
/// (an unknown verb, base64 that does not decode, a negative duration, a null argument). Each
/// failure names the JSON path of the bad value.
/// </summary>
internal static partial class CassetteValidation
{
    /// <exception cref="CassetteFormatException">A value makes no sense.</exception>
    internal static void Validate(CassetteDocument document, string path)
    {
        for (var i = 0; i < document.Interactions.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"$.interactions[{i}]");
            var interaction = document.Interactions[i] ?? throw Bad(path, at, "an interaction is null");
            Validate(interaction, path, at);
        }
    }

    private static void Validate(CassetteInteraction interaction, string path, string at)
    {
        Check(InteractionVerbs.IsKnown(interaction.Verb), path, at + ".verb", $"unknown verb '{interaction.Verb}' (expected {InteractionVerbs.Output}, {InteractionVerbs.OutputBytes} or {InteractionVerbs.Start})");
        Check(interaction.Program.Length > 0, path, at + ".program", "the program is empty");
        CheckNoNulls(interaction.Arguments, path, at + ".arguments");
        CheckNoNulls(interaction.EnvironmentNames, path, at + ".environmentNames");
        Check(StandardInputValues.IsValid(interaction.StandardInput), path, at + ".stdin", $"'{interaction.StandardInput}' is not {StandardInputValues.None}, {StandardInputValues.Inherit}, {StandardInputValues.Open} or {StandardInputValues.DigestPrefix} followed by 64 lower-case hex digits");
        Check(interaction.StandardInputLength is null or >= 0, path, at + ".stdinLength", "the length is negative");
        Check(interaction.Signal is null or > 0, path, at + ".signal", "a signal number is at least 1");
        Check(double.IsFinite(interaction.DurationMs) && interaction.DurationMs >= 0, path, at + ".durationMs", "the duration is negative or not a number");
        CheckBase64(interaction.StandardOutput, interaction.StandardOutputBase64, path, at + ".stdout");
        CheckBase64(interaction.StandardError, interaction.StandardErrorBase64, path, at + ".stderr");
        if (interaction.Error is { } error)
        {
            Check(ErrorKinds.IsKnown(error.Kind), path, at + ".error.kind", $"unknown error kind '{error.Kind}' (expected {ErrorKinds.NotFound}, {ErrorKinds.Permission}, {ErrorKinds.WorkingDirectoryNotFound}, {ErrorKinds.Spawn} or {ErrorKinds.Unsupported})");
            if (error.SearchedPaths is { } searched)
            {
                CheckNoNulls(searched, path, at + ".error.searchedPaths");
            }
        }

        if (interaction.Events is { } events)
        {
            for (var i = 0; i < events.Count; i++)
            {
                var eventAt = string.Create(CultureInfo.InvariantCulture, $"{at}.events[{i}]");
                var e = events[i] ?? throw Bad(path, eventAt, "an event is null");
                Check(EventSources.IsKnown(e.Source), path, eventAt + ".source", $"unknown source '{e.Source}' (expected {EventSources.StandardOutput}, {EventSources.StandardError}, {EventSources.StandardInput} or {EventSources.StandardInputClosed})");
                Check(e.Text is not null || e.Source == EventSources.StandardInputClosed, path, eventAt + ".text", "a line event needs its text");
                Check(double.IsFinite(e.OffsetMs) && e.OffsetMs >= 0, path, eventAt + ".offsetMs", "the offset is negative or not a number");
            }
        }

        if (interaction.Values is { } values)
        {
            foreach (var (name, value) in values)
            {
                Check(ValueName().IsMatch(name), path, $"{at}.values.{name}", $"'{name}' is not a placeholder name (KIND:NUMBER, like guid:1)");
                Check(value is not null, path, $"{at}.values.{name}", "the value is null");
            }
        }
    }

    private static void CheckNoNulls(List<string> items, string path, string at)
    {
        for (var i = 0; i < items.Count; i++)
        {
            Check(items[i] is not null, path, string.Create(CultureInfo.InvariantCulture, $"{at}[{i}]"), "the value is null");
        }
    }

    private static void CheckBase64(string text, bool? isBase64, string path, string at)
    {
        if (isBase64 == true)
        {
            var buffer = new byte[(text.Length * 3 / 4) + 3];
            Check(Convert.TryFromBase64String(text, buffer, out _), path, at, "the text is marked base64 but does not decode");
        }
    }

    private static void Check(bool condition, string path, string at, string problem)
    {
        if (!condition)
        {
            throw Bad(path, at, problem);
        }
    }

    private static CassetteFormatException Bad(string path, string at, string problem) => new(path, problem, jsonPath: at);

    [GeneratedRegex(@"^[a-z][a-zA-Z0-9_-]*:[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ValueName();
}

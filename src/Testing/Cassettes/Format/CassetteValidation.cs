using System.Globalization;
using System.Text.RegularExpressions;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// The checks a JSON parser cannot make: values that are well-formed JSON but no valid cassette
/// (an unknown verb, base64 that does not decode, a negative duration, a null argument). Each
/// failure names the JSON path of the bad value. A valid cassette allocates nothing here: the
/// messages are only built for a failure.
/// </summary>
internal static partial class CassetteValidation
{
    /// <exception cref="CassetteFormatException">A value makes no sense.</exception>
    internal static void Validate(CassetteDocument document, string path)
    {
        for (var i = 0; i < document.Interactions.Count; i++)
        {
            if (Problem(document.Interactions[i]) is var (field, problem))
            {
                throw new CassetteFormatException(path, problem, jsonPath: string.Create(CultureInfo.InvariantCulture, $"$.interactions[{i}]{field}"));
            }
        }
    }

    /// <summary>The first bad value of <paramref name="interaction"/>: its path below the interaction, and what is wrong; null when it is valid.</summary>
    private static (string Field, string Problem)? Problem(CassetteInteraction? interaction)
    {
        if (interaction is null)
        {
            return ("", "an interaction is null");
        }

        if (!InteractionVerbs.IsKnown(interaction.Verb))
        {
            return (".verb", $"unknown verb '{interaction.Verb}' (expected {InteractionVerbs.Output}, {InteractionVerbs.OutputBytes} or {InteractionVerbs.Start})");
        }

        if (interaction.Program.Length == 0)
        {
            return (".program", "the program is empty");
        }

        if (interaction.Arguments.IndexOf(null!) is >= 0 and var argument)
        {
            return (Indexed(".arguments", argument), "the value is null");
        }

        if (interaction.EnvironmentNames.IndexOf(null!) is >= 0 and var name)
        {
            return (Indexed(".environmentNames", name), "the value is null");
        }

        if (!StandardInputValues.IsValid(interaction.StandardInput))
        {
            return (".stdin", $"'{interaction.StandardInput}' is not {StandardInputValues.None}, {StandardInputValues.Inherit}, {StandardInputValues.Open} or {StandardInputValues.DigestPrefix} followed by 64 lower-case hex digits");
        }

        if (interaction.StandardInputLength < 0)
        {
            return (".stdinLength", "the length is negative");
        }

        if (interaction.Signal < 1)
        {
            return (".signal", "a signal number is at least 1");
        }

        if (!double.IsFinite(interaction.DurationMs) || interaction.DurationMs < 0)
        {
            return (".durationMs", "the duration is negative or not a number");
        }

        if (interaction.StandardOutputBase64 == true && !IsBase64(interaction.StandardOutput))
        {
            return (".stdout", "the text is marked base64 but does not decode");
        }

        if (interaction.StandardErrorBase64 == true && !IsBase64(interaction.StandardError))
        {
            return (".stderr", "the text is marked base64 but does not decode");
        }

        return ErrorProblem(interaction.Error) ?? EventsProblem(interaction.Events) ?? ValuesProblem(interaction.Values);
    }

    private static (string Field, string Problem)? ErrorProblem(CassetteError? error)
    {
        if (error is null)
        {
            return null;
        }

        if (!ErrorKinds.IsKnown(error.Kind))
        {
            return (".error.kind", $"unknown error kind '{error.Kind}' (expected {ErrorKinds.NotFound}, {ErrorKinds.Permission}, {ErrorKinds.WorkingDirectoryNotFound}, {ErrorKinds.Spawn} or {ErrorKinds.Unsupported})");
        }

        if (error.SearchedPaths?.IndexOf(null!) is >= 0 and var searched)
        {
            return (Indexed(".error.searchedPaths", searched), "the value is null");
        }

        return null;
    }

    private static (string Field, string Problem)? EventsProblem(List<CassetteEvent>? events)
    {
        for (var i = 0; i < (events?.Count ?? 0); i++)
        {
            var e = events![i];
            if (e is null)
            {
                return (Indexed(".events", i), "an event is null");
            }

            if (!EventSources.IsKnown(e.Source))
            {
                return (Indexed(".events", i) + ".source", $"unknown source '{e.Source}' (expected {EventSources.StandardOutput}, {EventSources.StandardError}, {EventSources.StandardInput} or {EventSources.StandardInputClosed})");
            }

            if (e.Text is null && e.Source != EventSources.StandardInputClosed)
            {
                return (Indexed(".events", i) + ".text", "a line event needs its text");
            }

            if (!double.IsFinite(e.OffsetMs) || e.OffsetMs < 0)
            {
                return (Indexed(".events", i) + ".offsetMs", "the offset is negative or not a number");
            }
        }

        return null;
    }

    private static (string Field, string Problem)? ValuesProblem(Dictionary<string, string>? values)
    {
        foreach (var (name, value) in values ?? [])
        {
            if (!ValueName().IsMatch(name))
            {
                return ($".values.{name}", $"'{name}' is not a placeholder name (KIND:NUMBER, like guid:1)");
            }

            if (value is null)
            {
                return ($".values.{name}", "the value is null");
            }
        }

        return null;
    }

    private static string Indexed(string field, int index) => string.Create(CultureInfo.InvariantCulture, $"{field}[{index}]");

    private static bool IsBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    [GeneratedRegex(@"^[a-z][a-zA-Z0-9_-]*:[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ValueName();
}

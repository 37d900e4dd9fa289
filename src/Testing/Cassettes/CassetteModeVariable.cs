namespace ProcessKit.Testing.Cassettes;

/// <summary>The <c>PROCESSKIT_CASSETTE_MODE</c> environment variable: its name, its values, and how it overrides a mode.</summary>
internal static class CassetteModeVariable
{
    /// <summary>The variable's name.</summary>
    internal const string Name = "PROCESSKIT_CASSETTE_MODE";

    /// <summary>The values it accepts, as documented.</summary>
    internal const string AcceptedValues = "once, new-episodes, replay-only, record-all";

    /// <summary>The documented spelling of <paramref name="mode"/> (for messages that say how to re-record).</summary>
    internal static string Spell(CassetteMode mode) => mode switch
    {
        CassetteMode.NewEpisodes => "new-episodes",
        CassetteMode.ReplayOnly => "replay-only",
        CassetteMode.RecordAll => "record-all",
        _ => "once",
    };

    /// <summary>
    /// The mode to use: the variable's when it is set (not blank), else <paramref name="configured"/>.
    /// Case, dashes and underscores do not matter (<c>RECORD_ALL</c>, <c>recordall</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The variable holds something else.</exception>
    internal static CassetteMode Resolve(CassetteMode configured, Func<string, string?> readVariable)
    {
        var value = readVariable(Name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return configured;
        }

        var key = value.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
        return key switch
        {
            "ONCE" => CassetteMode.Once,
            "NEWEPISODES" => CassetteMode.NewEpisodes,
            "REPLAYONLY" => CassetteMode.ReplayOnly,
            "RECORDALL" => CassetteMode.RecordAll,
            _ => throw new InvalidOperationException(
                $"The environment variable {Name} is '{value}', which is not a cassette mode. Use one of: {AcceptedValues} (or unset it to use the mode given in code)."),
        };
    }
}

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// Compares normalised requests: whether they match on the chosen aspects, how far apart they
/// are (to find the nearest recordings for a miss), and what differs, argument by argument.
/// </summary>
internal static class RequestComparison
{
    /// <summary>True when <paramref name="command"/> and <paramref name="recorded"/> are equal on every aspect of <paramref name="on"/>.</summary>
    internal static bool Matches(CassetteRequest command, CassetteRequest recorded, CassetteMatchOn on) =>
        (!on.HasFlag(CassetteMatchOn.Program) || string.Equals(command.Program, recorded.Program, StringComparison.Ordinal)) &&
        (!on.HasFlag(CassetteMatchOn.Arguments) || command.Arguments.SequenceEqual(recorded.Arguments, StringComparer.Ordinal)) &&
        (!on.HasFlag(CassetteMatchOn.StandardInput) || string.Equals(command.StandardInput, recorded.StandardInput, StringComparison.Ordinal)) &&
        (!on.HasFlag(CassetteMatchOn.WorkingDirectory) || string.Equals(command.WorkingDirectory, recorded.WorkingDirectory, StringComparison.Ordinal)) &&
        (!on.HasFlag(CassetteMatchOn.EnvironmentNames) || command.EnvironmentNames.SequenceEqual(recorded.EnvironmentNames, StringComparer.Ordinal));

    /// <summary>How far apart two requests are on <paramref name="on"/>: a different program weighs most, then each differing argument.</summary>
    internal static int Distance(CassetteRequest command, CassetteRequest recorded, CassetteMatchOn on)
    {
        var distance = 0;
        if (on.HasFlag(CassetteMatchOn.Program) && !string.Equals(command.Program, recorded.Program, StringComparison.Ordinal))
        {
            distance += 8;
        }

        if (on.HasFlag(CassetteMatchOn.Arguments))
        {
            var common = Math.Min(command.Arguments.Count, recorded.Arguments.Count);
            for (var i = 0; i < common; i++)
            {
                if (!string.Equals(command.Arguments[i], recorded.Arguments[i], StringComparison.Ordinal))
                {
                    distance += 2;
                }
            }

            distance += 2 * Math.Abs(command.Arguments.Count - recorded.Arguments.Count);
        }

        if (on.HasFlag(CassetteMatchOn.StandardInput) && !string.Equals(command.StandardInput, recorded.StandardInput, StringComparison.Ordinal))
        {
            distance += 1;
        }

        if (on.HasFlag(CassetteMatchOn.WorkingDirectory) && !string.Equals(command.WorkingDirectory, recorded.WorkingDirectory, StringComparison.Ordinal))
        {
            distance += 1;
        }

        if (on.HasFlag(CassetteMatchOn.EnvironmentNames) && !command.EnvironmentNames.SequenceEqual(recorded.EnvironmentNames, StringComparer.Ordinal))
        {
            distance += 1;
        }

        return distance;
    }

    /// <summary>What differs, one line per aspect or argument ("argument 3: '5' here, '3' recorded", counted from 1 as <see cref="ArgumentPosition"/> says).</summary>
    internal static List<string> Differences(CassetteRequest command, CassetteRequest recorded, CassetteMatchOn on)
    {
        var differences = new List<string>();
        if (on.HasFlag(CassetteMatchOn.Program) && !string.Equals(command.Program, recorded.Program, StringComparison.Ordinal))
        {
            differences.Add($"program: {Show(command.Program)} here, {Show(recorded.Program)} recorded");
        }

        if (on.HasFlag(CassetteMatchOn.Arguments))
        {
            var count = Math.Max(command.Arguments.Count, recorded.Arguments.Count);
            for (var i = 0; i < count; i++)
            {
                var here = i < command.Arguments.Count ? command.Arguments[i] : null;
                var there = i < recorded.Arguments.Count ? recorded.Arguments[i] : null;
                if (!string.Equals(here, there, StringComparison.Ordinal))
                {
                    differences.Add($"{ArgumentPosition.Name(i)}: {(here is null ? "absent" : Show(here))} here, {(there is null ? "absent" : Show(there))} recorded");
                }
            }
        }

        if (on.HasFlag(CassetteMatchOn.StandardInput) && !string.Equals(command.StandardInput, recorded.StandardInput, StringComparison.Ordinal))
        {
            differences.Add($"stdin: {command.StandardInput} here, {recorded.StandardInput} recorded");
        }

        if (on.HasFlag(CassetteMatchOn.WorkingDirectory) && !string.Equals(command.WorkingDirectory, recorded.WorkingDirectory, StringComparison.Ordinal))
        {
            differences.Add($"working directory: {Show(command.WorkingDirectory)} here, {Show(recorded.WorkingDirectory)} recorded");
        }

        if (on.HasFlag(CassetteMatchOn.EnvironmentNames) && !command.EnvironmentNames.SequenceEqual(recorded.EnvironmentNames, StringComparer.Ordinal))
        {
            differences.Add($"environment names: [{string.Join(", ", command.EnvironmentNames)}] here, [{string.Join(", ", recorded.EnvironmentNames)}] recorded");
        }

        return differences;
    }

    private static string Show(string? value) => value is null ? "none" : "'" + value + "'";
}

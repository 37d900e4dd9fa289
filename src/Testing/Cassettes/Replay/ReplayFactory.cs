namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// Turns a recorded interaction back into what the verb returns: a <see cref="ProcessResult"/>, a
/// <see cref="BytesResult"/>, the exception the command threw, or the script of a
/// <see cref="ScriptedProcess"/>. Any verb replays any recording: text recorded as bytes is
/// decoded in the command's encoding, a one-shot recording starts as a process printing its
/// output lines, a started recording returns its captured output.
/// </summary>
internal static class ReplayFactory
{
    /// <summary>The result with text output.</summary>
    internal static ProcessResult TextResult(Command command, CassetteInteraction interaction, PlaceholderResolver resolver) => new(
        Ending(command, interaction),
        Text(command, interaction, OutputSource.StandardOutput, resolver),
        Text(command, interaction, OutputSource.StandardError, resolver));

    /// <summary>The result with byte output.</summary>
    internal static BytesResult BytesResult(Command command, CassetteInteraction interaction, PlaceholderResolver resolver) => new(
        Ending(command, interaction),
        Bytes(command, interaction, OutputSource.StandardOutput, resolver),
        Bytes(command, interaction, OutputSource.StandardError, resolver),
        command.Encoding);

    /// <summary>How the recorded run ended, for the command replaying it.</summary>
    private static OutcomeStatus Ending(Command command, CassetteInteraction interaction) => new()
    {
        Program = command.Program,
        Arguments = command.Arguments,
        ExitCode = interaction.ExitCode,
        Signal = interaction.Signal,
        TimedOut = interaction.TimedOut,
        ExitStatusUnknown = interaction.ExitStatusUnknown == true,
        StandardOutputTruncated = interaction.StandardOutputTruncated == true,
        StandardErrorTruncated = interaction.StandardErrorTruncated == true,
        Duration = TimeSpan.FromMilliseconds(interaction.DurationMs),
        SuccessExitCodes = command.SuccessExitCodes,
    };

    /// <summary>The exception a command that could not run threw, rebuilt for <paramref name="command"/>.</summary>
    internal static Exception Error(Command command, CassetteError error, PlaceholderResolver resolver)
    {
        string? Resolve(string? text) => text is null ? null : resolver.Resolve(text);
        return error.Kind switch
        {
            ErrorKinds.NotFound => new ProcessNotFoundException(command.Program, command.Arguments, [.. (error.SearchedPaths ?? []).Select(resolver.Resolve)]),
            ErrorKinds.Permission => new ProcessPermissionException(command.Program, command.Arguments, Resolve(error.Path) ?? command.Program, Resolve(error.Reason) ?? "permission denied"),
            ErrorKinds.WorkingDirectoryNotFound => new WorkingDirectoryNotFoundException(command.Program, command.Arguments, Resolve(error.Path) ?? command.WorkingDirectory ?? ""),
            ErrorKinds.WorkingDirectoryNotADirectory => new WorkingDirectoryNotADirectoryException(command.Program, command.Arguments, Resolve(error.Path) ?? command.WorkingDirectory ?? ""),
            ErrorKinds.Spawn => new ProcessSpawnException(command.Program, command.Arguments, error.ErrorCode ?? 0, Resolve(error.Reason) ?? resolver.Resolve(error.Message)),
            _ => new ProcessUnsupportedException(command.Program, command.Arguments, error.Feature ?? resolver.Resolve(error.Message)),
        };
    }

    /// <summary>
    /// The script that plays a recording as a started process: the lines before any input at
    /// their offsets (or at once), each line written to standard input answered by the standard
    /// output lines that followed it, and the recorded end; a process the caller stopped runs
    /// until stopped again, and one that was written to ends when its input is closed.
    /// </summary>
    internal static ProcessScript Script(Command command, CassetteInteraction interaction, PlaceholderResolver resolver, CassettePlayback playback)
    {
        var events = interaction.Events ?? LinesOf(command, interaction, resolver);
        var lines = new List<ScriptedLine>();
        var answers = new List<List<string>>();
        var previous = 0.0;
        var sawInputClosed = false;
        foreach (var e in events)
        {
            switch (e.Source)
            {
                case EventSources.StandardInput:
                    answers.Add([]);
                    continue;
                case EventSources.StandardInputClosed:
                    sawInputClosed = true;
                    continue;
            }

            var text = interaction.Events is null ? e.Text! : resolver.Resolve(e.Text!);
            if (answers.Count > 0)
            {
                // ScriptedProcess answers input on standard output, at once.
                if (e.Source == EventSources.StandardOutput)
                {
                    answers[^1].Add(text);
                }

                continue;
            }

            var delay = playback == CassettePlayback.RecordedSpeed ? TimeSpan.FromMilliseconds(Math.Max(0, e.OffsetMs - previous)) : TimeSpan.Zero;
            previous = Math.Max(previous, e.OffsetMs);
            var source = e.Source == EventSources.StandardOutput ? OutputSource.StandardOutput : OutputSource.StandardError;
            lines.Add(new ScriptedLine(delay, source, text));
        }

        var answered = 0;
        return new ProcessScript
        {
            Lines = lines,
            Dialog = answers.Count == 0 ? null : _ =>
            {
                var index = Interlocked.Increment(ref answered) - 1;
                return index < answers.Count ? answers[index] : [];
            },
            Exit = interaction switch
            {
                { StoppedByCaller: true } => ScriptedExit.WhenStopped,
                { TimedOut: true } => ScriptedExit.TimedOut,
                { Signal: { } signal } => ScriptedExit.KilledBy(signal),
                // A conversation ends when the caller closes the input: ScriptedProcess cannot end by
                // itself after its last answer, as the recorded process may have.
                _ when (sawInputClosed || answers.Count > 0) && command.KeepsStandardInputOpen => ScriptedExit.WhenInputCloses(interaction.ExitCode ?? 0),
                _ => ScriptedExit.WithCode(interaction.ExitCode ?? 0),
            },
        };
    }

    /// <summary>The lines of a one-shot recording, standard output first, as events at offset zero.</summary>
    private static List<CassetteEvent> LinesOf(Command command, CassetteInteraction interaction, PlaceholderResolver resolver)
    {
        var events = new List<CassetteEvent>();
        Add(Text(command, interaction, OutputSource.StandardOutput, resolver), EventSources.StandardOutput);
        Add(Text(command, interaction, OutputSource.StandardError, resolver), EventSources.StandardError);
        return events;

        void Add(string text, string source)
        {
            foreach (var line in ProcessScript.SplitLines(text))
            {
                events.Add(new CassetteEvent { OffsetMs = 0, Source = source, Text = line });
            }
        }
    }

    /// <summary>One stream's output as text. A started recording keeps its output as events only: its lines, each with a "\n".</summary>
    private static string Text(Command command, CassetteInteraction interaction, OutputSource stream, PlaceholderResolver resolver)
    {
        var (stored, isBase64) = Stored(interaction, stream);
        if (interaction.Events is { } events)
        {
            var source = stream == OutputSource.StandardOutput ? EventSources.StandardOutput : EventSources.StandardError;
            return string.Concat(events.Where(e => e.Source == source).Select(e => resolver.Resolve(e.Text!) + "\n"));
        }

        return interaction.Verb == InteractionVerbs.OutputBytes
            ? command.Encoding.GetString(resolver.ResolveBytes(stored, isBase64))
            : resolver.Resolve(stored);
    }

    private static byte[] Bytes(Command command, CassetteInteraction interaction, OutputSource stream, PlaceholderResolver resolver)
    {
        var (stored, isBase64) = Stored(interaction, stream);
        return interaction.Verb == InteractionVerbs.OutputBytes
            ? resolver.ResolveBytes(stored, isBase64)
            : command.Encoding.GetBytes(Text(command, interaction, stream, resolver));
    }

    private static (string Stored, bool IsBase64) Stored(CassetteInteraction interaction, OutputSource stream) =>
        stream == OutputSource.StandardOutput
            ? (interaction.StandardOutput, interaction.StandardOutputBase64 == true)
            : (interaction.StandardError, interaction.StandardErrorBase64 == true);
}

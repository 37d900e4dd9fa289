namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// A command about to be recorded or replayed: its normalised request (what matching compares),
/// the normaliser that made it (it goes on to normalise the response with the same numbering),
/// and the standard input content read from it.
/// </summary>
internal sealed class PreparedCommand
{
    /// <summary>The command as the caller gave it.</summary>
    internal required Command Command { get; init; }

    /// <summary>The normalised request.</summary>
    internal required CassetteRequest Request { get; init; }

    /// <summary>The interaction's normaliser, past its request.</summary>
    internal required InteractionNormaliser Normaliser { get; init; }

    /// <summary>The standard input content, when the command gives some in advance.</summary>
    internal required ReadOnlyMemory<byte>? Input { get; init; }

    /// <summary>
    /// The command to really run: the caller's, fed the input that was read from it (a stream can
    /// be read only once).
    /// </summary>
    internal Command CommandToRun => Input is { } bytes ? Command.WithStandardInput(StandardInput.FromBytes(bytes)) : Command;

    /// <summary>Reads the input of <paramref name="command"/> and normalises its request.</summary>
    internal static async Task<PreparedCommand> PrepareAsync(Command command, Normalisation normalisation, CancellationToken cancellationToken)
    {
        var input = await command.ReadStandardInputAsync(cancellationToken).ConfigureAwait(false);
        var argumentSecrets = new List<string>();
        var arguments = ArgumentSecrets.Redact(command.Arguments, argumentSecrets);
        var normaliser = normalisation.For(command, argumentSecrets);
        var program = normaliser.Normalise(command.Program);
        for (var i = 0; i < arguments.Count; i++)
        {
            arguments[i] = normaliser.Normalise(arguments[i]);
        }

        var workingDirectory = command.WorkingDirectory is { } directory ? normaliser.NormaliseDirectory(directory) : null;
        var standardInput = input is { } bytes ? normaliser.DigestInput(bytes.Span)
            : command.KeepsStandardInputOpen ? StandardInputValues.Open
            : ReferenceEquals(command.StandardInput, StandardInput.Inherit) ? StandardInputValues.Inherit
            : StandardInputValues.None;
        normaliser.EndRequest();
        return new PreparedCommand
        {
            Command = command,
            Normaliser = normaliser,
            Input = input,
            Request = new CassetteRequest
            {
                Program = program,
                Arguments = arguments,
                WorkingDirectory = workingDirectory,
                EnvironmentNames = [.. command.EnvironmentChanges.Keys.Order(StringComparer.Ordinal)],
                StandardInput = standardInput,
            },
        };
    }
}

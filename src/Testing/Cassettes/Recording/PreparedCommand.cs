using System.Text;
using System.Text.Unicode;

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

    /// <summary>True when an option says the standard input is a secret (<c>--password-stdin</c>): every line written to it is hidden.</summary>
    internal required bool InputIsSecret { get; init; }

    /// <summary>
    /// The command to really run: the caller's, fed the input that was read from it (a stream can
    /// be read only once).
    /// </summary>
    internal Command CommandToRun => Input is { } bytes ? Command.WithStandardInput(StandardInput.FromBytes(bytes)) : Command;

    /// <summary>
    /// Reads the input of <paramref name="command"/> and normalises its request. The secrets of
    /// the command (in its arguments, and in its input: shaped there, or all of it when an option
    /// says so) are hidden in every text of the interaction; a replayed command is normalised the
    /// same way, so it matches a recording made with another secret.
    /// </summary>
    internal static async Task<PreparedCommand> PrepareAsync(Command command, Normalisation normalisation, CancellationToken cancellationToken)
    {
        var input = await command.ReadStandardInputAsync(cancellationToken).ConfigureAwait(false);
        var commandSecrets = new List<string>();
        var arguments = normalisation.Redactor.RedactArguments(command.Program, command.Arguments, commandSecrets, out var inputIsSecret);
        if (input is { } content && Utf8.IsValid(content.Span))
        {
            var text = Encoding.UTF8.GetString(content.Span);
            normalisation.Redactor.RedactText(text, commandSecrets);
            if (inputIsSecret)
            {
                commandSecrets.Add(text.TrimEnd('\r', '\n'));
            }
        }

        var normaliser = normalisation.For(command, commandSecrets);
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
            InputIsSecret = inputIsSecret,
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

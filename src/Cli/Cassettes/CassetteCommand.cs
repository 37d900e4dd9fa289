using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using ProcessKit.Testing;
using ProcessKit.Testing.Cassettes;
using CliCommand = System.CommandLine.Command;

namespace ProcessKit.Cli.Cassettes;

/// <summary>
/// <c>processkit cassette show FILE</c>, <c>check PATH...</c> and <c>redact FILE</c>: look at, validate and redact the cassettes
/// that <see cref="RecordReplayRunner"/> writes.
/// </summary>
internal static class CassetteCommand
{
    private static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Builds the <c>cassette</c> command and its subcommands.</summary>
    internal static CliCommand Create() => new(
        "cassette",
        "Show, check and redact cassettes: the JSON files in which a RecordReplayRunner records what commands did, to replay them offline. "
        + $"Exit code: {CassetteExitCodes.Success} done; {CassetteExitCodes.Invalid} the cassette is not valid (or, for check, holds a secret); "
        + $"{CassetteExitCodes.Unavailable} it cannot be read or written (missing, no access, lock held); {ExitCodes.ToolFailure} a bad command line.")
    {
        CreateShow(),
        CreateCheck(),
        CreateRedact(),
    };

    private static CliCommand CreateShow()
    {
        var file = FileArgument();
        var command = new CliCommand("show", "Show a cassette as a table: each interaction's verb, how it ended, how long it took, its output sizes, when it was recorded, and its command line (normalised).")
        {
            file,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = CassetteFile.Store(parseResult.GetRequiredValue(file));
            var (document, exitCode) = await CassetteFile.LoadAsync(store, Console.Error, cancellationToken).ConfigureAwait(false);
            if (document is not null)
            {
                CassetteTable.Write(store.Path, document, Console.Out);
            }

            return exitCode;
        });
        return command;
    }

    private static CliCommand CreateCheck()
    {
        var paths = new Argument<string[]>("path")
        {
            Description = "A cassette file, or a directory: every cassette (*.json file) in it and its folders. Give as many as you like.",
            Arity = ArgumentArity.OneOrMore,
        };
        var secrets = SecretOption("A value that must not be in the cassettes (repeat for several). The values of this environment's secret-looking variables are always looked for.");
        var patterns = SecretPatternOption();
        var command = new CliCommand(
            "check",
            $"Validate cassettes: the JSON, the format version, every field; and that they hold no secret, by the rules a recording applies: no value of "
            + "this environment's secret-looking variables, no --secret value or --secret-pattern match, no secret-shaped text (--token=X, mysql -pX, "
            + $"Authorization headers, password=X, \"password\": \"X\", URL passwords). Each cassette is reported on its own line. Exit code {CassetteExitCodes.Success} "
            + $"when every one is valid and clean; else the highest of theirs ({CassetteExitCodes.Unavailable} when one cannot be read or a directory holds none).")
        {
            paths,
            secrets,
            patterns,
        };
        command.SetAction((parseResult, cancellationToken) =>
            CassetteCheck.RunAsync(parseResult.GetRequiredValue(paths), Redactor(parseResult, secrets, patterns), Console.Out, Console.Error, cancellationToken));
        return command;
    }

    private static CliCommand CreateRedact()
    {
        var file = FileArgument();
        var secrets = SecretOption("A value to replace by {{secret}} wherever it appears (repeat for several), in addition to this environment's secret-looking variables and secret-shaped text.");
        var patterns = SecretPatternOption();
        var lockTimeout = new Option<TimeSpan?>("--lock-timeout")
        {
            Description = "How long to wait for another writer of the cassette to finish: 500ms, 2s, 1m. [default: 30s]",
            HelpName = "duration",
            CustomParser = result =>
            {
                if (DurationParser.TryParse(result.Tokens.Count > 0 ? result.Tokens[^1].Value : "", out var duration, out var error))
                {
                    return duration;
                }

                result.AddError(error);
                return null;
            },
        };
        var command = new CliCommand(
            "redact",
            "Re-apply secret redaction to a cassette, by the rules a recording applies: the values of this environment's secret-looking variables become "
            + "{{secret:NAME}}; --secret values, --secret-pattern matches and secret-shaped text (--token=X, mysql -pX, Authorization headers, password=X, "
            + "\"password\": \"X\", URL passwords) become {{secret}}. The cassette is rewritten atomically, under its lock (another writer is waited for).")
        {
            file,
            secrets,
            patterns,
            lockTimeout,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = CassetteFile.Store(parseResult.GetRequiredValue(file));
            var timeout = parseResult.GetValue(lockTimeout) ?? DefaultLockTimeout;
            return await RedactAsync(store, Redactor(parseResult, secrets, patterns), timeout, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RedactAsync(CassetteStore store, CassetteRedactor redactor, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        if (!store.Exists)
        {
            await Console.Error.WriteLineAsync($"{LeakReport.Prefix}{CassetteFile.Missing(store)}").ConfigureAwait(false);
            return CassetteExitCodes.Unavailable;
        }

        var changed = 0;
        try
        {
            await store.SaveAsync(
                current =>
                {
                    if (current is null)
                    {
                        return null;
                    }

                    (var redacted, changed) = redactor.Redact(current);
                    return changed == 0 ? null : redacted;
                },
                readCurrent: true,
                lockTimeout,
                TimeProvider.System,
                lockPath => Console.Error.WriteLine($"{LeakReport.Prefix}waiting for the lock {lockPath}: another writer is saving this cassette"),
                cancellationToken).ConfigureAwait(false);
        }
        catch (CassetteFormatException e)
        {
            await Console.Error.WriteLineAsync($"{LeakReport.Prefix}{e.Message}").ConfigureAwait(false);
            return CassetteExitCodes.Invalid;
        }
        catch (CassetteLockTimeoutException e)
        {
            await Console.Error.WriteLineAsync($"{LeakReport.Prefix}{e.Message}").ConfigureAwait(false);
            return CassetteExitCodes.Unavailable;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"{LeakReport.Prefix}the cassette '{store.Path}' cannot be rewritten (it is unchanged): {e.Message}").ConfigureAwait(false);
            return CassetteExitCodes.Unavailable;
        }

        await Console.Out.WriteLineAsync(changed == 0
            ? $"{store.Path}: nothing to redact."
            : string.Create(CultureInfo.InvariantCulture, $"{store.Path}: redacted {changed} text{(changed == 1 ? "" : "s")}.")).ConfigureAwait(false);
        return CassetteExitCodes.Success;
    }

    private static CassetteRedactor Redactor(ParseResult parseResult, Option<string[]> secrets, Option<Regex[]> patterns) =>
        new(Normalisation.ReadProcessEnvironment(), parseResult.GetValue(secrets) ?? [], parseResult.GetValue(patterns) ?? []);

    private static Option<Regex[]> SecretPatternOption() => new("--secret-pattern")
    {
        Description = "A regular expression (.NET syntax) whose matches are secret; with a group named 'secret', only that group is (repeat for several). "
            + "Give the patterns the tests give as CassetteOptions.SecretPatterns.",
        HelpName = "regex",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
        CustomParser = result =>
        {
            var parsed = new List<Regex>(result.Tokens.Count);
            foreach (var token in result.Tokens)
            {
                try
                {
                    parsed.Add(new Regex(token.Value, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
                }
                catch (ArgumentException e)
                {
                    result.AddError($"--secret-pattern '{token.Value}' is not a valid regular expression: {e.Message}");
                    return [];
                }
            }

            return [.. parsed];
        },
    };

    private static Argument<string> FileArgument() => new("file")
    {
        Description = "The cassette file (a .json file written by a RecordReplayRunner).",
    };

    private static Option<string[]> SecretOption(string description) => new("--secret")
    {
        Description = description,
        HelpName = "value",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };
}

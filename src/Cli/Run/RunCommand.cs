using System.CommandLine;
using CliCommand = System.CommandLine.Command;

namespace ProcessKit.Cli;

/// <summary>
/// <c>processkit run [--grace 2s] [--settle 2s] [--fail-on-leak] -- &lt;program&gt; [args...]</c>:
/// the command line of <see cref="ContainedRun"/>.
/// </summary>
internal static class RunCommand
{
    private static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DefaultSettle = TimeSpan.FromSeconds(2);

    /// <summary>Builds the <c>run</c> command.</summary>
    internal static CliCommand Create()
    {
        var grace = DurationOption("--grace", "How long processes left behind get after SIGTERM before SIGKILL: 500ms, 2s, 1m. [default: 2s]");
        var settle = DurationOption(
            "--settle",
            "How long processes still running when the program exits get to end on their own before they count as left behind "
            + "(a cleanup helper finishing its work, a child reacting to its parent's exit). [default: 2s]");
        // A pure switch: it takes no value, so the word after it is never read as one
        // ("--fail-on-leak true" runs the program true, with the check on).
        var failOnLeak = new Option<bool>("--fail-on-leak")
        {
            Description = $"Exit with code {ExitCodes.Leak} when the program left any process running in its group. A switch: it takes no value.",
            Arity = ArgumentArity.Zero,
        };
        var program = new Argument<string[]>("program")
        {
            Description = "The program and its arguments. The first word that is not one of processkit's options starts them; put them after '--' "
                + "so that an argument meant for the program (--help, --grace) is not read as processkit's.",
            Arity = ArgumentArity.OneOrMore,
        };

        var command = new CliCommand(
            "run",
            "Run a program so that nothing it starts outlives it: stdin, stdout and stderr are passed through, SIGINT and SIGTERM "
            + "forwarded; when it exits, every process still running in its group is reported on stderr and stopped. "
            + $"Exit code: the program's own (128 + signal if killed); {ExitCodes.Leak}: a leak with --fail-on-leak; "
            + $"{ExitCodes.ToolFailure}: processkit failed; {ExitCodes.CannotExecute}: cannot execute; {ExitCodes.NotFound}: not found.")
        {
            grace,
            settle,
            failOnLeak,
            program,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            var words = parseResult.GetRequiredValue(program);
            var settings = new RunSettings(
                words[0],
                words[1..],
                parseResult.GetValue(grace) ?? DefaultGrace,
                parseResult.GetValue(settle) ?? DefaultSettle,
                parseResult.GetValue(failOnLeak));
            return ContainedRun.ExecuteAsync(settings, Console.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// An option taking a duration (see <see cref="DurationParser"/>). Nullable and without a
    /// default value factory, because help would print a default as 00:00:02: the description says it.
    /// </summary>
    private static Option<TimeSpan?> DurationOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "duration",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (DurationParser.TryParse(text, out var duration, out var error))
            {
                return duration;
            }

            result.AddError(error);
            return null;
        },
    };
}

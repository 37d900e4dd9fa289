using System.CommandLine;
using System.CommandLine.Help;
using ProcessKit.Cli.Cassettes;
using CliCommand = System.CommandLine.Command;

namespace ProcessKit.Cli;

/// <summary>
/// The <c>processkit</c> tool: <c>run</c> runs a program contained and reports what it left
/// behind; <c>doctor</c> says which containment this machine gives and why; <c>cassette</c>
/// shows, checks and redacts record/replay cassettes.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var root = CreateRootCommand();
        if (SwitchValues.FindMisuse(root, args) is { } misuse)
        {
            await Console.Error.WriteLineAsync(LeakReport.Prefix + misuse).ConfigureAwait(false);
            return ExitCodes.ToolFailure;
        }

        // "@file" arguments belong to the program being run, never expanded by processkit.
        var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

        // The tool handles SIGINT and SIGTERM itself (see SignalForwarder): System.CommandLine must
        // neither cancel the run nor end the process on them.
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        try
        {
            var exitCode = await parseResult.InvokeAsync(configuration).ConfigureAwait(false);
            return parseResult.Errors.Count > 0 ? ExitCodes.ToolFailure : exitCode;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failure of the tool itself must not look like the program's exit code 1.
            await Console.Error.WriteLineAsync($"{LeakReport.Prefix}internal error: {e}").ConfigureAwait(false);
            return ExitCodes.ToolFailure;
        }
    }

    /// <summary>
    /// The command tree: <c>run</c>, <c>doctor</c> and <c>cassette</c> under a root named <c>processkit</c> (the tool's
    /// command name, whatever the assembly is called), each with <c>--help</c>.
    /// </summary>
    internal static CliCommand CreateRootCommand() => new("processkit", "Run programs so that nothing they start outlives them.")
    {
        new HelpOption(),
        new VersionOption(),
        RunCommand.Create(),
        DoctorCommand.Create(),
        CassetteCommand.Create(),
    };
}

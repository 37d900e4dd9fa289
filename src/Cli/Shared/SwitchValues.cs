using CliCommand = System.CommandLine.Command;

namespace ProcessKit.Cli;

/// <summary>
/// Refuses a value given to a switch with <c>=</c> or <c>:</c> (<c>--fail-on-leak=true</c>).
/// System.CommandLine splits such a word into the switch and a value the switch does not take,
/// and the value becomes the next argument: for <c>run</c>, the program (<c>true</c> would run,
/// not the program meant). A switch is on when given and takes no value, ever.
/// </summary>
internal static class SwitchValues
{
    private static readonly char[] Separators = ['=', ':'];

    /// <summary>The error for the first switch given a value in <paramref name="args"/> (before any <c>--</c>), or null when there is none.</summary>
    /// <param name="root">The command tree.</param>
    /// <param name="args">The command line, as the tool got it.</param>
    internal static string? FindMisuse(CliCommand root, IReadOnlyList<string> args)
    {
        var command = root;
        foreach (var arg in args)
        {
            if (arg == "--")
            {
                return null;
            }

            if (command.Subcommands.FirstOrDefault(c => c.Name == arg) is { } subcommand)
            {
                command = subcommand;
                continue;
            }

            var separator = arg.StartsWith('-') ? arg.IndexOfAny(Separators) : -1;
            if (separator > 0 && IsSwitch(root, command, arg[..separator]))
            {
                return $"{arg[..separator]} is a switch and takes no value ('{arg}'): give it alone to turn it on, leave it out to keep it off.";
            }
        }

        return null;
    }

    private static bool IsSwitch(CliCommand root, CliCommand command, string name) =>
        command.Options.Concat(root.Options.Where(o => o.Recursive))
            .Any(o => o.Arity.MaximumNumberOfValues == 0 && (o.Name == name || o.Aliases.Contains(name)));
}

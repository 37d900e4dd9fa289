using System.Collections.Immutable;

namespace ProcessKit.Testing;

/// <summary>
/// What matching reads from a command, taken once per call rather than once per rule: the
/// program's file name, the arguments as a span (no interface call per argument), and the first
/// argument (which most rules compare first).
/// </summary>
internal readonly ref struct CommandView
{
    internal CommandView(Command command)
    {
        Command = command;
        ProgramFileName = ProgramNames.FileName(command.Program);
        Arguments = command.Arguments switch
        {
            ImmutableArray<string> immutable => immutable.AsSpan(),
            string[] array => array,
            var other => other.ToArray(),
        };
        First = Arguments.IsEmpty ? null : Arguments[0];
    }

    internal Command Command { get; }

    internal ReadOnlySpan<char> ProgramFileName { get; }

    internal ReadOnlySpan<string> Arguments { get; }

    internal int Count => Arguments.Length;

    internal string? First { get; }
}

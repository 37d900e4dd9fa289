using System.Runtime.InteropServices;

namespace ProcessKit;

/// <summary>
/// Everything a spawner needs, resolved and validated from a <see cref="Command"/>: nothing here
/// can fail later for bad input, and a spawner reads nothing else. <see cref="Program"/> and
/// <see cref="Arguments"/> are the command's (the child's <c>argv</c>, and what errors name);
/// <see cref="ExecutablePath"/> is the file they resolved to; <see cref="Privileges"/> is the
/// <c>setpriv</c> step the child runs through when it switches user or asks for a parent-death signal.
/// </summary>
internal sealed record SpawnPlan(
    string Program,
    IReadOnlyList<string> Arguments,
    string ExecutablePath,
    IReadOnlyDictionary<string, string> Environment,
    string? WorkingDirectory,
    StdioPlan Input,
    StdioPlan Output,
    StdioPlan Error,
    PrivilegeChain? Privileges = null)
{
    /// <summary>True when the child must be spawned from <see cref="LongLivedSpawnThread"/> (see <see cref="PrivilegeChain.KillsOnParentDeath"/>).</summary>
    internal bool KillsOnParentDeath => Privileges is { KillsOnParentDeath: true };

    /// <summary>Validates what can only be checked at run time and resolves <paramref name="command"/>'s program, environment and privileges.</summary>
    /// <exception cref="WorkingDirectoryNotFoundException">The working directory does not exist.</exception>
    /// <exception cref="WorkingDirectoryNotADirectoryException">The working directory is a file.</exception>
    /// <exception cref="ProcessNotFoundException">The program was not found.</exception>
    /// <exception cref="ProcessPermissionException">The program may not be executed, or the user switch not made.</exception>
    /// <exception cref="ProcessUnsupportedException">The command needs <c>setpriv</c>, which was not found.</exception>
    internal static SpawnPlan For(Command command)
    {
        var directory = command.WorkingDirectory;
        if (directory is not null && !Directory.Exists(directory))
        {
            // Directory.Exists is false for a file too: say which it is, as "does not exist" would mislead.
            throw File.Exists(directory)
                ? new WorkingDirectoryNotADirectoryException(command.Program, command.Arguments, directory)
                : new WorkingDirectoryNotFoundException(command.Program, command.Arguments, directory);
        }

        var executable = ProgramResolver.Resolve(command, directory);
        return new SpawnPlan(
            command.Program,
            command.Arguments,
            executable,
            command.Environment.Resolve(),
            directory,
            StdioPlan.For(command.StandardInput),
            StdioPlan.For(command.StandardOutput),
            StdioPlan.For(command.StandardError),
            PrivilegeChain.For(command));
    }
}

/// <summary>How one of the child's standard streams is connected.</summary>
internal enum StdioConnection
{
    /// <summary>The child shares this process's stream.</summary>
    Inherit,

    /// <summary>The null device.</summary>
    Null,

    /// <summary>A file the child opens itself (path in <see cref="StdioPlan.FilePath"/>).</summary>
    File,

    /// <summary>A pipe whose other end this process holds.</summary>
    Pipe,

    /// <summary>
    /// A descriptor this process already holds (<see cref="StdioPlan.Handle"/>), handed to the
    /// child (duplicated onto its standard stream; on Windows as an inheritable duplicate): the end
    /// of a pipe between two stages of a pipeline, whose other end the neighbouring stage holds.
    /// The caller keeps its own copy until the spawn is done, then closes it.
    /// </summary>
    Handle,
}

/// <summary>The connection of one standard stream.</summary>
internal readonly record struct StdioPlan(StdioConnection Connection, string? FilePath = null, bool Append = false, SafeHandle? Handle = null)
{
    /// <summary>The child gets (a duplicate of) <paramref name="handle"/>; see <see cref="StdioConnection.Handle"/>.</summary>
    internal static StdioPlan ForHandle(SafeHandle handle) => new(StdioConnection.Handle, Handle: handle);

    internal static StdioPlan For(StandardInput input) => input.Kind switch
    {
        StandardInputKind.None => new(StdioConnection.Null),
        StandardInputKind.Inherit => new(StdioConnection.Inherit),
        StandardInputKind.File => new(StdioConnection.File, input.FilePath),
        _ => new(StdioConnection.Pipe),
    };

    internal static StdioPlan For(OutputTarget target) => target.Kind switch
    {
        OutputTargetKind.Discard => new(StdioConnection.Null),
        OutputTargetKind.Inherit => new(StdioConnection.Inherit),
        OutputTargetKind.File => new(StdioConnection.File, target.FilePath, target.Append),
        _ => new(StdioConnection.Pipe),
    };
}

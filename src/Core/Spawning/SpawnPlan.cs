using System.Runtime.InteropServices;
using System.Text;

namespace ProcessKit;

/// <summary>
/// Everything a spawner needs, resolved and validated: nothing here can fail later for bad input.
/// <see cref="PrivilegeHelper"/> is the resolved <c>setpriv</c> when the command switches user or
/// asks for a parent-death signal.
/// </summary>
internal sealed record SpawnPlan(
    Command Command,
    string ExecutablePath,
    IReadOnlyDictionary<string, string> Environment,
    string? WorkingDirectory,
    StdioPlan Input,
    StdioPlan Output,
    StdioPlan Error,
    string? PrivilegeHelper = null)
{
    internal Encoding Encoding => Command.Encoding;
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

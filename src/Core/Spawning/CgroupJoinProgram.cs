using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// Where the cgroup join program is: <c>processkit-cgroup-join</c>, built from
/// <c>src/Core/Native/cgroup-join.c</c> and shipped as <c>runtimes/linux-x64/native</c> in the
/// package. A child joins its cgroup through it when it is found and executable here, through
/// <c>/bin/sh</c> otherwise (another architecture, an output without it, a <c>noexec</c> mount):
/// the shell costs a second program start per spawn and rewrites the program's <c>argv[0]</c>
/// to its resolved path. <c>PROCESSKIT_CGROUP_JOIN=shell</c> asks for the shell anyway.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class CgroupJoinProgram
{
    /// <summary>The program's file name.</summary>
    internal const string FileName = "processkit-cgroup-join";

    /// <summary>
    /// The variable that chooses how a child gets into its cgroup: <c>program</c> joins through
    /// this program, <c>shell</c> through <c>/bin/sh</c>; unset, the child starts in its group
    /// directly where <see cref="CgroupSpawnLibrary"/> can.
    /// </summary>
    internal const string Variable = "PROCESSKIT_CGROUP_JOIN";

    private const string ProgramValue = "program";
    private const string ShellValue = "shell";

    private static readonly Lazy<string?> Found = new(() => Find(NativeAssetDirectories.Search()));

    /// <summary>Set once a spawn through the program failed to execute it: later spawns use the shell.</summary>
    private static volatile bool _refused;

    /// <summary>The program's path, or null when a join must go through <c>/bin/sh</c>.</summary>
    internal static string? Path =>
        _refused || string.Equals(Environment.GetEnvironmentVariable(Variable), ShellValue, StringComparison.OrdinalIgnoreCase)
            ? null
            : Found.Value;

    /// <summary>True when <see cref="Variable"/> asks for a join (through this program or the shell) over the direct start.</summary>
    internal static bool JoinRequested =>
        Environment.GetEnvironmentVariable(Variable) is { } requested &&
        (string.Equals(requested, ProgramValue, StringComparison.OrdinalIgnoreCase) || string.Equals(requested, ShellValue, StringComparison.OrdinalIgnoreCase));

    /// <summary>The kernel refused to execute the program (it was there when looked for): use the shell from now on.</summary>
    internal static void Refused() => _refused = true;

    /// <summary>
    /// The first of <paramref name="directories"/> holding an executable <see cref="FileName"/>. A
    /// copy without its execute bits (a package extracted without them) gets them added when this
    /// process may; one the kernel would still not execute is passed over.
    /// </summary>
    internal static string? Find(IEnumerable<string> directories)
    {
        foreach (var directory in directories)
        {
            var candidate = System.IO.Path.Combine(directory, FileName);
            if (!File.Exists(candidate))
            {
                continue;
            }

            if (!Libc.CanExecute(candidate))
            {
                try
                {
                    File.SetUnixFileMode(candidate, File.GetUnixFileMode(candidate) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;
                }
            }

            if (Libc.CanExecute(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

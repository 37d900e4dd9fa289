using System.Reflection;
using System.Runtime.InteropServices;

namespace ProcessKit.Testing.Isolation.Calls;

/// <summary>
/// What a child is started from: the <c>dotnet</c> that runs this process, the caller's
/// <c>.runtimeconfig.json</c> and <c>.deps.json</c> (so the child has the caller's runtime and every
/// assembly the caller can load), and this assembly, which is the host program.
/// </summary>
internal sealed record HostFiles(string Dotnet, string RuntimeConfig, string DepsFile, string HostAssembly)
{
    /// <summary>The files for code in <paramref name="caller"/>: its own runtimeconfig and deps, else the entry assembly's (a library's code run from a test program).</summary>
    /// <exception cref="FileNotFoundException">Neither the caller nor the entry assembly has a runtimeconfig.json beside it.</exception>
    public static HostFiles For(Assembly caller)
    {
        var candidates = new[] { caller, Assembly.GetEntryAssembly() }
            .Where(a => a is not null && a.Location.Length > 0)
            .Select(a => Path.ChangeExtension(a!.Location, null))
            .ToList();
        foreach (var stem in candidates)
        {
            var config = stem + ".runtimeconfig.json";
            var deps = stem + ".deps.json";
            if (File.Exists(config) && File.Exists(deps))
            {
                return new HostFiles(FindDotnet(), config, deps, typeof(HostFiles).Assembly.Location);
            }
        }

        throw new FileNotFoundException(
            $"No .runtimeconfig.json and .deps.json beside {string.Join(" or ", candidates.Select(c => c + ".dll"))}: an isolated child loads the runtime and " +
            "dependencies of the program the code comes from. Test projects and console programs have both; for a library, run the code from the program that references it.",
            candidates.FirstOrDefault() + ".runtimeconfig.json");
    }

    /// <summary>The muxer of the runtime this process runs on (its root is three levels above the runtime's directory), else <c>dotnet</c> from PATH.</summary>
    private static string FindDotnet()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(runtimeDirectory)));
        var muxer = root is null ? null : Path.Combine(root, name);
        return muxer is not null && File.Exists(muxer) ? muxer : name;
    }
}

namespace ProcessKit.Cli.Tests.Infrastructure;

/// <summary>Finds a program the build placed beside the test assembly, or says how to get it there.</summary>
internal static class BuiltProgram
{
    /// <summary>
    /// The absolute path of <paramref name="relativePath"/> under the test assembly's folder (with
    /// ".exe" on Windows). Throws <see cref="FileNotFoundException"/> with <paramref name="hint"/> when missing.
    /// </summary>
    public static string Locate(string relativePath, string hint)
    {
        var path = Path.Combine(AppContext.BaseDirectory, relativePath + (OperatingSystem.IsWindows() ? ".exe" : ""));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is missing. {hint}", path);
        }

        return path;
    }
}

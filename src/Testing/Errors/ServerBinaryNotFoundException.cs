namespace ProcessKit.Testing;

/// <summary>
/// A helper server's program is not installed. It names the program and the package that provides
/// it, so that a test can be skipped with a message that says what to install (the test framework
/// adapters turn it into a skip). Catch it as <see cref="FileNotFoundException"/>.
/// </summary>
public sealed class ServerBinaryNotFoundException : FileNotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="serverName">The server that needs the program.</param>
    /// <param name="program">The program, as the server's command gave it.</param>
    /// <param name="package">The package that provides it (a Debian/Ubuntu name), or null when unknown.</param>
    /// <param name="installHint">How to install it; for a package without a hint, <c>apt-get install PACKAGE</c>.</param>
    /// <param name="searchedPaths">Every path that was tried.</param>
    /// <param name="innerException">What the spawn reported, if anything.</param>
    public ServerBinaryNotFoundException(string serverName, string program, string? package, string? installHint, IReadOnlyList<string> searchedPaths, Exception? innerException = null)
        : base(BuildMessage(serverName, program, package, HintFor(package, installHint), searchedPaths), program, innerException)
    {
        ServerName = serverName;
        Program = program;
        Package = package;
        InstallHint = HintFor(package, installHint);
        SearchedPaths = searchedPaths;
    }

    /// <summary>The server that needs the program.</summary>
    public string ServerName { get; }

    /// <summary>The program, as the server's command gave it.</summary>
    public string Program { get; }

    /// <summary>The package that provides the program (Debian/Ubuntu names: <c>redis-server</c>, <c>postgresql</c>, <c>nginx-light</c>), or null when unknown.</summary>
    public string? Package { get; }

    /// <summary>How to install the program (<c>apt-get install redis-server</c>), or null when unknown.</summary>
    public string? InstallHint { get; }

    /// <summary>Every path that was tried, in order.</summary>
    public IReadOnlyList<string> SearchedPaths { get; }

    /// <summary>A one-line reason for a skipped test: what is missing and how to install it.</summary>
    public string SkipReason => InstallHint is null
        ? $"{Program} is not installed (needed by the {ServerName} server)"
        : $"{Program} is not installed (needed by the {ServerName} server; {InstallHint})";

    private static string? HintFor(string? package, string? installHint) =>
        installHint ?? (package is null ? null : $"apt-get install {package}");

    private static string BuildMessage(string serverName, string program, string? package, string? installHint, IReadOnlyList<string> searchedPaths)
    {
        var searched = searchedPaths.Count == 0 ? "" : $" Searched: {string.Join(", ", searchedPaths)}.";
        var install = (package, installHint) switch
        {
            (not null, not null) => $" It comes from {package}: {installHint}.",
            (null, not null) => $" To install it: {installHint}.",
            _ => " Install it, add its directory to PATH, or give its full path.",
        };
        return $"The {serverName} server needs the program '{program}', which was not found.{searched}{install}";
    }
}

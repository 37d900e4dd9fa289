namespace ProcessKit.Cli.Cassettes;

/// <summary>The exit codes of <c>processkit cassette</c>; a bad command line exits with 125 like every processkit command.</summary>
internal static class CassetteExitCodes
{
    /// <summary>The cassette is valid (check), was shown, or was redacted.</summary>
    internal const int Success = 0;

    /// <summary>The cassette is not valid, or (check) still holds a secret.</summary>
    internal const int Invalid = 1;

    /// <summary>The cassette could not be read or written: it does not exist, it cannot be accessed, or its lock stayed taken.</summary>
    internal const int Unavailable = 2;
}

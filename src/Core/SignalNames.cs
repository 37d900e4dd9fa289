namespace ProcessKit;

/// <summary>Signal numbers this library sends, and names for the ones people meet in results.</summary>
internal static class SignalNames
{
    // The same numbers on Linux and macOS.
    internal const int SigInt = 2;
    internal const int SigKill = 9;
    internal const int SigPipe = 13;
    internal const int SigTerm = 15;

    /// <summary>SIGSTOP: 19 on Linux, 17 on macOS and the BSDs.</summary>
    internal static int SigStop { get; } = OperatingSystem.IsLinux() ? 19 : 17;

    /// <summary>SIGCONT: 18 on Linux, 19 on macOS and the BSDs.</summary>
    internal static int SigCont { get; } = OperatingSystem.IsLinux() ? 18 : 19;

    internal static string Describe(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        6 => "SIGABRT",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        _ => "signal " + signal,
    };
}

namespace ProcessKit.Testing;

/// <summary>How a <see cref="ScriptedProcess"/> ends once its lines are written.</summary>
public sealed record ScriptedExit
{
    private ScriptedExit(ScriptedExitKind kind, int? code = null, int? signal = null)
    {
        Kind = kind;
        Code = code;
        Signal = signal;
    }

    /// <summary>The kind of end.</summary>
    public ScriptedExitKind Kind { get; }

    /// <summary>The exit code, for <see cref="ScriptedExitKind.Code"/> and <see cref="ScriptedExitKind.WhenInputCloses"/>.</summary>
    public int? Code { get; }

    /// <summary>The signal, for <see cref="ScriptedExitKind.Signal"/>.</summary>
    public int? Signal { get; }

    /// <summary>Exits with <paramref name="code"/> after the last line.</summary>
    /// <param name="code">The exit code.</param>
    public static ScriptedExit WithCode(int code) => new(ScriptedExitKind.Code, code: code);

    /// <summary>Is killed by <paramref name="signal"/> after the last line.</summary>
    /// <param name="signal">The signal number, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signal"/> is less than 1.</exception>
    public static ScriptedExit KilledBy(int signal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(signal, 1);
        return new(ScriptedExitKind.Signal, signal: signal);
    }

    /// <summary>Times out after the last line (as if the command's timeout had expired).</summary>
    public static ScriptedExit TimedOut { get; } = new(ScriptedExitKind.TimedOut);

    /// <summary>Runs until it is stopped (killed, terminated or disposed), like a server.</summary>
    public static ScriptedExit WhenStopped { get; } = new(ScriptedExitKind.WhenStopped);

    /// <summary>Runs until its standard input is closed, then exits with <paramref name="code"/>, like a filter.</summary>
    /// <param name="code">The exit code.</param>
    public static ScriptedExit WhenInputCloses(int code = 0) => new(ScriptedExitKind.WhenInputCloses, code: code);
}

/// <summary>The kinds of <see cref="ScriptedExit"/>.</summary>
public enum ScriptedExitKind
{
    /// <summary>Exits with a code after the last line.</summary>
    Code,

    /// <summary>Is killed by a signal after the last line.</summary>
    Signal,

    /// <summary>Times out after the last line.</summary>
    TimedOut,

    /// <summary>Runs until stopped.</summary>
    WhenStopped,

    /// <summary>Runs until its standard input is closed.</summary>
    WhenInputCloses,
}

using System.Globalization;

namespace ProcessKit.Testing.Isolation;

/// <summary>One life an <see cref="IsolatedWorker{TResult}"/> lost: when, in which phase, and how.</summary>
public sealed class LostLife
{
    internal LostLife(int life, int? run, WorkerPhase? phase, IsolatedEnding? ending, int? exitCode, int? signal, RemoteException? error, IReadOnlyList<OutputLine> output)
    {
        Life = life;
        Run = run;
        Phase = phase;
        Ending = ending;
        ExitCode = exitCode;
        Signal = signal;
        Error = error;
        Output = output;
    }

    /// <summary>Which life it was, from 1.</summary>
    public int Life { get; }

    /// <summary>The run in progress, from 1; null when the life was lost outside a run (starting, finishing).</summary>
    public int? Run { get; }

    /// <summary>The phase in progress; null when none was (the child died between phases or before the first).</summary>
    public WorkerPhase? Phase { get; }

    /// <summary>
    /// How the child ended: <see cref="IsolatedEnding.TimedOut"/> for a phase timeout (its tree was
    /// killed), else how it crashed (<see cref="IsolatedEnding.Exited"/>, <see cref="IsolatedEnding.FailFast"/>,
    /// ...); null when a phase threw (the child itself was then ended by the parent).
    /// </summary>
    public IsolatedEnding? Ending { get; }

    /// <summary>Whether a phase passed its timeout.</summary>
    public bool TimedOut => Ending == IsolatedEnding.TimedOut;

    /// <summary>The child's exit code, when it exited by itself.</summary>
    public int? ExitCode { get; }

    /// <summary>The signal that ended the child, when one did by itself.</summary>
    public int? Signal { get; }

    /// <summary>The exception: what a phase threw, or the unhandled exception that ended the child.</summary>
    public RemoteException? Error { get; }

    /// <summary>The child's last lines of standard output and error, oldest first.</summary>
    public IReadOnlyList<OutputLine> Output { get; }

    /// <summary>How the life was lost, in words.</summary>
    public override string ToString()
    {
        var where = Phase is { } phase ? string.Create(CultureInfo.InvariantCulture, $" in {phase} of run {Run}") : string.Empty;
        var how = Ending switch
        {
            null => $"threw {Error?.Message}",
            IsolatedEnding.TimedOut => "passed its phase timeout (its tree was killed)",
            IsolatedEnding.Exited => $"exited with code {ExitCode}",
            IsolatedEnding.Signaled => $"was ended by signal {Signal}",
            IsolatedEnding.FailFast => "called Environment.FailFast",
            IsolatedEnding.UnhandledException => $"was ended by an unhandled {Error?.RemoteTypeName} ({Error?.RemoteMessage})",
            _ => "overflowed its stack",
        };
        return string.Create(CultureInfo.InvariantCulture, $"life {Life}{where}: {how}");
    }
}

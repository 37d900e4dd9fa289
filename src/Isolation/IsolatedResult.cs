using System.Globalization;

namespace ProcessKit.Testing.Isolation;

/// <summary>
/// How an isolated call ended: it completed, it timed out (its whole tree was killed), or, for a
/// crash test, the way its <see cref="ExpectedOutcome"/> said; and what the child wrote.
/// </summary>
public class IsolatedResult
{
    internal IsolatedResult(string name, IsolatedEnding ending, ProcessResult process, RemoteException? unhandledException, IReadOnlyList<OutputLine> output)
    {
        Name = name;
        Ending = ending;
        ExitCode = process.ExitCode;
        Signal = process.Signal;
        Duration = process.Duration;
        UnhandledException = unhandledException;
        Output = output;
    }

    /// <summary>A copy of <paramref name="other"/>, for a result that adds a value.</summary>
    private protected IsolatedResult(IsolatedResult other)
    {
        Name = other.Name;
        Ending = other.Ending;
        ExitCode = other.ExitCode;
        Signal = other.Signal;
        Duration = other.Duration;
        UnhandledException = other.UnhandledException;
        Output = other.Output;
    }

    /// <summary>The code that ran: <c>Type.Method</c>, or "a lambda in Type".</summary>
    public string Name { get; }

    /// <summary>How the child ended.</summary>
    public IsolatedEnding Ending { get; }

    /// <summary>Whether the timeout passed (and the child's whole tree was killed).</summary>
    public bool TimedOut => Ending == IsolatedEnding.TimedOut;

    /// <summary>The child's exit code; null when a signal ended it.</summary>
    public int? ExitCode { get; }

    /// <summary>The signal that ended the child (Unix); null when it exited.</summary>
    public int? Signal { get; }

    /// <summary>How long the child lived.</summary>
    public TimeSpan Duration { get; }

    /// <summary>For <see cref="IsolatedEnding.UnhandledException"/>: the exception that ended the child.</summary>
    public RemoteException? UnhandledException { get; }

    /// <summary>The child's last lines of standard output and error (up to 1,000), oldest first.</summary>
    public IReadOnlyList<OutputLine> Output { get; }

    /// <summary>Describes the ending, as failures quote it.</summary>
    public override string ToString() => $"{Name}: {Describe()}";

    /// <summary>The ending in words: "it exited with code 3".</summary>
    internal string Describe() => Ending switch
    {
        IsolatedEnding.Completed => "it returned",
        IsolatedEnding.TimedOut => string.Create(CultureInfo.InvariantCulture, $"it timed out after {Duration.TotalMilliseconds:0} ms (its tree was killed)"),
        IsolatedEnding.Exited => $"it exited with code {ExitCode}",
        IsolatedEnding.Signaled => $"it was ended by signal {Signal}",
        IsolatedEnding.FailFast => "it called Environment.FailFast",
        IsolatedEnding.UnhandledException => $"an unhandled {UnhandledException?.RemoteTypeName} ended it ({UnhandledException?.RemoteMessage})",
        _ => "it overflowed its stack",
    };
}

using System.Globalization;

namespace ProcessKit.Testing.Isolation;

/// <summary>
/// A pool item lost every life: each time, its worker crashed, exited or passed the item timeout
/// (and was killed) before the function returned. The item fails with this; the rest of the map
/// goes on.
/// </summary>
public sealed class WorkerLostException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="index">The item's position in the inputs.</param>
    /// <param name="attempts">How many times it was tried.</param>
    /// <param name="timedOut">Whether the last loss was the item timeout.</param>
    /// <param name="exitCode">The last lost worker's exit code, when it exited.</param>
    /// <param name="signal">The signal that ended the last lost worker, when one did.</param>
    /// <param name="unhandledException">The exception nobody caught that ended the last lost worker, when one did.</param>
    public WorkerLostException(int index, int attempts, bool timedOut, int? exitCode, int? signal, RemoteException? unhandledException)
        : base(Describe(index, attempts, timedOut, exitCode, signal, unhandledException), unhandledException)
    {
        Index = index;
        Attempts = attempts;
        TimedOut = timedOut;
        ExitCode = exitCode;
        Signal = signal;
    }

    /// <summary>The item's position in the inputs.</summary>
    public int Index { get; }

    /// <summary>How many times the item was tried.</summary>
    public int Attempts { get; }

    /// <summary>Whether the last loss was the item timeout (the worker's tree was killed).</summary>
    public bool TimedOut { get; }

    /// <summary>The last lost worker's exit code, when it exited.</summary>
    public int? ExitCode { get; }

    /// <summary>The signal that ended the last lost worker, when one did.</summary>
    public int? Signal { get; }

    private static string Describe(int index, int attempts, bool timedOut, int? exitCode, int? signal, RemoteException? unhandled)
    {
        var how = timedOut ? "passed the item timeout and was killed"
            : unhandled is not null ? $"was ended by an unhandled {unhandled.RemoteTypeName}: {unhandled.RemoteMessage}"
            : signal is not null ? $"was ended by signal {signal}"
            : $"exited with code {exitCode}";
        return string.Create(CultureInfo.InvariantCulture, $"Item {index} lost its worker on each of its {attempts} attempts; the last worker {how}.");
    }
}

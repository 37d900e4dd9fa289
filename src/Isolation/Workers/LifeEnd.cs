using ProcessKit.Testing.Isolation.Protocol;

namespace ProcessKit.Testing.Isolation.Workers;

/// <summary>How one life of a worker ended, as the parent read it from the channel.</summary>
internal enum LifeEndKind
{
    /// <summary>The worker finished and sent its result.</summary>
    Ended,

    /// <summary>A phase threw and nothing took the error.</summary>
    Threw,

    /// <summary>A phase passed its timeout.</summary>
    TimedOut,

    /// <summary>The channel ended: the child died.</summary>
    Died,

    /// <summary>The parent killed it.</summary>
    Killed,
}

/// <summary>How one life ended, with the phase and run it was in, the result's JSON or the error.</summary>
internal sealed record LifeEnd(LifeEndKind Kind, WorkerPhase? Phase = null, int? Run = null, RemoteError? Error = null, string? Payload = null, bool Stopped = false);

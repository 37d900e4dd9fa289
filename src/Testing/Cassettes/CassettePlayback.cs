namespace ProcessKit.Testing;

/// <summary>How a replayed started process (<see cref="IProcessRunner.StartAsync"/>) plays its recorded lines.</summary>
public enum CassettePlayback
{
    /// <summary>Every line at once, in recorded order.</summary>
    Instant,

    /// <summary>Each line after the delay it came after when recorded, on the command's <see cref="Command.TimeProvider"/>.</summary>
    RecordedSpeed,
}

namespace ProcessKit.Testing;

/// <summary>Where a <see cref="HelperServer"/> is in its life.</summary>
public enum HelperServerState
{
    /// <summary>Built, never started.</summary>
    NotStarted,

    /// <summary>A start is under way.</summary>
    Starting,

    /// <summary>Ready: its readiness held (or it is an existing server that answered).</summary>
    Running,

    /// <summary>It was ready, then its process exited by itself; <see cref="HelperServer.StartAsync"/> starts it again.</summary>
    Exited,

    /// <summary>A stop is under way.</summary>
    Stopping,

    /// <summary>Stopped; its ports and data directory are kept for a restart.</summary>
    Stopped,

    /// <summary>The last start failed; nothing of it runs.</summary>
    Failed,

    /// <summary>Disposed: stopped, ports released, data directory removed.</summary>
    Disposed,
}

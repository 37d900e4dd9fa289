namespace ProcessKit.Testing;

/// <summary>
/// Where a <see cref="HelperServer"/>'s command runs when it is not a contained child process of
/// this one: in a container (the <c>ProcessKit.Testing.Testcontainers</c> package), or anywhere
/// else that can show the server's output as lines and its end as an exit. Set it with
/// <see cref="HelperServerBuilder.WithHost"/>; without one, the server is a contained process.
/// </summary>
/// <remarks>
/// The server keeps everything else: its ports, data directory, config files, start steps (run
/// here, before the host starts the command), readiness probes (on the lines and exit of what the
/// host returns), log, restarts and teardown (<see cref="RunningProcess.TerminateAsync"/> with the
/// stop grace, then disposal, which must leave nothing of the run behind).
/// </remarks>
public abstract class ServerHost
{
    /// <summary>What this host runs servers in, for the server's log ("a container of image redis:7").</summary>
    public abstract string Description { get; }

    /// <summary>
    /// Starts <paramref name="command"/> (placeholders replaced, environment set, the data directory
    /// as working directory unless the command sets one) for <paramref name="server"/>, and returns
    /// it as a started process: its lines are the server's output as they arrive, its exit the
    /// server's end. Returns null to run the command as a contained child process after all (a host
    /// that chooses at start).
    /// </summary>
    /// <param name="server">The server being started: its name, ports and data directory.</param>
    /// <param name="command">The command to run.</param>
    /// <param name="cancellationToken">Cancels the start; nothing may be left running then.</param>
    /// <returns>The started run, or null for a contained child process.</returns>
    protected internal abstract Task<RunningProcess?> StartAsync(HelperServer server, Command command, CancellationToken cancellationToken);
}

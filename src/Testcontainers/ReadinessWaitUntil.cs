using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace ProcessKit.Testing.Testcontainers;

/// <summary>
/// A ProcessKit <see cref="ReadinessProbe"/> (a log line, a port, an HTTP status, a file, a custom
/// condition, or any combination) as a Testcontainers wait strategy. Its first check waits for the
/// probe on the container's log as the engine streams it, so the container is ready the moment its
/// line is written, not at Testcontainers' next poll (about a second later); and a container that
/// exits first fails the start at once with its last lines.
/// Add it with <see cref="WaitForContainerExtensions.UntilReady"/>.
/// </summary>
/// <remarks>
/// Port, HTTP and file probes are checked from this host: with host networking (or a port the
/// container publishes, named by its host port) they see what a client of the container sees.
/// </remarks>
public sealed class ReadinessWaitUntil : IWaitUntil
{
    /// <summary>The default limit of one wait: 2 minutes.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Makes the strategy.</summary>
    /// <param name="probe">What ready means.</param>
    /// <param name="timeout">How long the wait may take; <see cref="DefaultTimeout"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public ReadinessWaitUntil(ReadinessProbe probe, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (timeout is { } value && value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), value, "A readiness timeout is positive.");
        }

        Probe = probe;
        Timeout = timeout ?? DefaultTimeout;
    }

    /// <summary>What ready means.</summary>
    public ReadinessProbe Probe { get; }

    /// <summary>How long one wait may take.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Waits until the probe is ready on <paramref name="container"/> and returns true.</summary>
    /// <exception cref="ProcessExitedBeforeReadyException">The container exited before it was ready (the message has its last lines).</exception>
    /// <exception cref="ReadinessTimeoutException">It was not ready within <see cref="Timeout"/>.</exception>
    public async Task<bool> UntilAsync(IContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var run = await ContainerRun.FollowAsync(new Command(container.Image.FullName), container, removeOnDispose: false, CancellationToken.None).ConfigureAwait(false);
        await using (run.ConfigureAwait(false))
        {
            await Probe.WaitUntilReadyAsync(run, Timeout).ConfigureAwait(false);
            return true;
        }
    }
}

using DotNet.Testcontainers.Configurations;

namespace ProcessKit.Testing.Testcontainers;

/// <summary>ProcessKit's readiness in a Testcontainers wait: <c>Wait.ForUnixContainer().UntilReady(ReadinessProbe.Line(...))</c>.</summary>
public static class WaitForContainerExtensions
{
    /// <summary>Adds <paramref name="probe"/> as a wait strategy, awaited on the container's log as it is written: see <see cref="ReadinessWaitUntil"/>.</summary>
    /// <param name="wait">Testcontainers' wait (<c>Wait.ForUnixContainer()</c>).</param>
    /// <param name="probe">What ready means.</param>
    /// <param name="timeout">How long the wait may take; <see cref="ReadinessWaitUntil.DefaultTimeout"/> when null.</param>
    /// <returns>The wait, for more conditions.</returns>
    public static IWaitForContainerOS UntilReady(this IWaitForContainerOS wait, ReadinessProbe probe, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(wait);
        return wait.AddCustomWaitStrategy(new ReadinessWaitUntil(probe, timeout));
    }
}

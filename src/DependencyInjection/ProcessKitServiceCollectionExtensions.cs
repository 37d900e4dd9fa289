using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ProcessKit;

/// <summary>Registers ProcessKit with <see cref="IServiceCollection"/>.</summary>
public static class ProcessKitServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IProcessRunner"/> as the real runner (<see cref="ProcessRunner.Default"/>),
    /// unless a runner is already registered: a test registers its double first, or replaces the
    /// registration afterwards, and the code under test never knows.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddProcessKit(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IProcessRunner>(ProcessRunner.Default);
        return services;
    }

    /// <summary>Registers <paramref name="runner"/> as the <see cref="IProcessRunner"/>, replacing any registered one (for tests).</summary>
    /// <param name="services">The services.</param>
    /// <param name="runner">The runner to inject: a test double or a <see cref="ProcessGroup"/>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddProcessKit(this IServiceCollection services, IProcessRunner runner)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(runner);
        services.RemoveAll<IProcessRunner>();
        services.AddSingleton(runner);
        return services;
    }

    /// <summary>
    /// Registers the <see cref="IProcessRunner"/> made by <paramref name="factory"/> (once, as a
    /// singleton), replacing any registered one: for a runner built from other services, such as a
    /// <see cref="ProcessGroup"/> the container disposes, or a spy around another runner.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="factory">Makes the runner from the service provider; must not return null.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddProcessKit(this IServiceCollection services, Func<IServiceProvider, IProcessRunner> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        services.RemoveAll<IProcessRunner>();
        services.AddSingleton(provider => factory(provider)
            ?? throw new InvalidOperationException("The factory given to AddProcessKit returned null instead of an IProcessRunner."));
        return services;
    }
}

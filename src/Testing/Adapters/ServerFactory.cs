namespace ProcessKit.Testing;

/// <summary>
/// The server factories behind every adapter's <c>ServerFixture.Of(builder)</c>: the builder's
/// <c>Build</c>, called by the fixture's start, so that a bad setting is kept and rethrown in the
/// tests that use the server like any failed start, rather than failing the fixture.
/// </summary>
internal static class ServerFactory
{
    /// <summary>Builds the server of <paramref name="preset"/> (<see cref="RedisServerBuilder"/>, ...) when called.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="preset"/> is null.</exception>
    internal static Func<TServer> Of<TBuilder, TServer>(HelperServerPresetBuilder<TBuilder, TServer> preset)
        where TBuilder : HelperServerPresetBuilder<TBuilder, TServer>
        where TServer : HelperServer
    {
        ArgumentNullException.ThrowIfNull(preset);
        return preset.Build;
    }

    /// <summary>Builds the server of the generic <paramref name="builder"/> when called.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    internal static Func<HelperServer> Of(HelperServerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Build;
    }

    /// <summary>
    /// <paramref name="create"/>, checked: the factory a fixture was given must return a server, and
    /// one that returns null fails the start with an error that says so.
    /// </summary>
    /// <typeparam name="TServer">The server type.</typeparam>
    /// <param name="create">The factory given to the fixture.</param>
    /// <exception cref="ArgumentNullException"><paramref name="create"/> is null.</exception>
    internal static Func<TServer> Checked<TServer>(Func<TServer> create)
        where TServer : HelperServer
    {
        ArgumentNullException.ThrowIfNull(create);
        return () => create() ?? throw new InvalidOperationException($"The factory given to ServerFixture<{typeof(TServer).Name}> returned null instead of a server.");
    }
}

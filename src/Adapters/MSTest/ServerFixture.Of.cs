namespace ProcessKit.Testing.MSTest;

/// <summary>Makes a <see cref="ServerFixture{TServer}"/> from a builder: <c>ServerFixture.Of(new RedisServerBuilder())</c>.</summary>
public static class ServerFixture
{
    /// <summary>A shared server made by <paramref name="preset"/> (built when <see cref="ServerFixture{TServer}.StartAsync"/> runs, so a bad setting fails the tests that use it, not the fixture).</summary>
    /// <typeparam name="TBuilder">The preset builder (<see cref="RedisServerBuilder"/>, <see cref="PostgresServerBuilder"/>, ...).</typeparam>
    /// <typeparam name="TServer">The server type it makes.</typeparam>
    /// <param name="preset">The preset, configured.</param>
    /// <exception cref="ArgumentNullException"><paramref name="preset"/> is null.</exception>
    public static ServerFixture<TServer> Of<TBuilder, TServer>(HelperServerPresetBuilder<TBuilder, TServer> preset)
        where TBuilder : HelperServerPresetBuilder<TBuilder, TServer>
        where TServer : HelperServer
    {
        return new(ServerFactory.Of(preset));
    }

    /// <summary>A shared server made by the generic <paramref name="builder"/> (built when <see cref="ServerFixture{TServer}.StartAsync"/> runs).</summary>
    /// <param name="builder">The builder, configured.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ServerFixture<HelperServer> Of(HelperServerBuilder builder)
    {
        return new(ServerFactory.Of(builder));
    }
}

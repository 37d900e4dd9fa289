using DotNet.Testcontainers.Builders;

namespace ProcessKit.Testing.Testcontainers;

/// <summary>Backs a helper server (any <see cref="HelperServerBuilder"/>, a preset through its <c>Configure</c>) with a container.</summary>
public static class HelperServerBuilderContainerExtensions
{
    /// <summary>
    /// Returns a copy whose server runs in a container of <paramref name="image"/> when
    /// <paramref name="choice"/> (or, when null, <see cref="ServerHostSelection.Variable"/>) says
    /// so: see <see cref="ContainerServerHost"/>. For a preset:
    /// <c>new RedisServerBuilder().Configure(b =&gt; b.WithContainer("redis:7"))</c>.
    /// </summary>
    /// <param name="builder">The server's builder.</param>
    /// <param name="image">The image; it must have the server's program on its PATH.</param>
    /// <param name="choice">Process, container or auto; null to read the environment variable at each start.</param>
    /// <param name="pullImages">Whether a missing image is pulled; false by default.</param>
    /// <param name="configure">Changes the Testcontainers builder after the host's own settings; null for none.</param>
    /// <exception cref="ArgumentException"><paramref name="image"/> is empty.</exception>
    public static HelperServerBuilder WithContainer(this HelperServerBuilder builder, string image, ServerHostChoice? choice = null, bool pullImages = false, Func<ContainerBuilder, ContainerBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithHost(new ContainerServerHost(image, choice, pullImages, configure));
    }
}

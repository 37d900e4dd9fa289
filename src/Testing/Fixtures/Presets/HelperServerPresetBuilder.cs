using System.Collections.Immutable;

namespace ProcessKit.Testing;

/// <summary>
/// The base of a preset: a small immutable builder that knows how to run one kind of server
/// (its command, ports, readiness, existing-server variable and package) and makes a server type
/// with that kind's own properties (a connection string, a base address). Anything the generic
/// <see cref="HelperServerBuilder"/> offers is reached through <see cref="Configure"/>. Derive from
/// it to make a preset of your own service.
/// </summary>
/// <typeparam name="TBuilder">The preset builder itself.</typeparam>
/// <typeparam name="TServer">The server type it makes.</typeparam>
public abstract class HelperServerPresetBuilder<TBuilder, TServer>
    where TBuilder : HelperServerPresetBuilder<TBuilder, TServer>
    where TServer : HelperServer
{
    private ImmutableList<Func<HelperServerBuilder, HelperServerBuilder>> _configurations = [];

    /// <summary>
    /// Returns a copy that applies <paramref name="configure"/> to the generic builder after the
    /// preset's own settings: a log sink, a longer startup timeout, another existing-server
    /// variable, more readiness conditions, environment variables, ...
    /// </summary>
    /// <param name="configure">Receives the preset's generic builder and returns the one to use.</param>
    public TBuilder Configure(Func<HelperServerBuilder, HelperServerBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return With(builder => builder._configurations = builder._configurations.Add(configure));
    }

    /// <summary>Validates the description and makes the server (not started). Never looks for the server's program: a missing one is reported by the start.</summary>
    /// <exception cref="ArgumentException">A setting is invalid (the message names it).</exception>
    /// <exception cref="InvalidOperationException">A <see cref="Configure"/> callback returned null.</exception>
    public TServer Build()
    {
        var builder = CreateBuilder();
        foreach (var configure in _configurations)
        {
            builder = configure(builder) ?? throw new InvalidOperationException("A Configure callback returned null instead of a builder.");
        }

        return CreateServer(builder.BuildDefinition());
    }

    /// <summary>The generic builder for this kind of server, before <see cref="Configure"/> callbacks.</summary>
    protected abstract HelperServerBuilder CreateBuilder();

    /// <summary>Makes the server type from the validated definition.</summary>
    /// <param name="definition">The definition.</param>
    protected abstract TServer CreateServer(HelperServerDefinition definition);

    /// <summary>Returns a changed copy of this builder (builders are immutable).</summary>
    /// <param name="change">Changes the copy's fields.</param>
    protected TBuilder With(Action<TBuilder> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var copy = (TBuilder)MemberwiseClone();
        change(copy);
        return copy;
    }
}

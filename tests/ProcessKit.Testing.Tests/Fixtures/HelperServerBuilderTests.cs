using System.Text.RegularExpressions;

namespace ProcessKit.Testing.Tests.Fixtures;

/// <summary>The builder: immutable, validated up front with errors that name the bad value, and what it records in the definition.</summary>
public sealed class HelperServerBuilderTests
{
    private static readonly HelperServerBuilder Base = new(new Command("/usr/bin/my-server", "--port", "{port}"));

    [Fact]
    public void Every_method_returns_a_new_builder_and_leaves_the_original_alone()
    {
        var withPort = Base.WithPort("main");
        var named = withPort.WithName("custom").WithStartupTimeout(TimeSpan.FromSeconds(3));

        Assert.Equal(["p"], Base.WithFixedPort("p", 1234).BuildDefinition().PortNames);
        Assert.Equal(["main"], withPort.BuildDefinition().PortNames);
        Assert.Equal("my-server", withPort.BuildDefinition().Name);
        Assert.Equal("custom", named.BuildDefinition().Name);
        Assert.Equal(HelperServerDefinition.DefaultStartupTimeout, withPort.BuildDefinition().StartupTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), named.BuildDefinition().StartupTimeout);
    }

    [Fact]
    public void The_definition_records_the_settings()
    {
        var definition = Base.WithPort("main").WithStopGrace(TimeSpan.Zero).WithStartAttempts(1).WithLogCapacity(7)
            .KeepDataDirectoryOnFailure().WithExistingServerVariable("MY_SERVER_URL").WithPackage("my-server-package")
            .WithAddressInUsePattern(null).WithLogFile("{data}/server.log")
            .UntilMessageIsLogged("ready").UntilPortIsAvailable().UntilHttpRequestIsSucceeded("/health")
            .BuildDefinition();

        Assert.Equal(TimeSpan.Zero, definition.StopGrace);
        Assert.Equal(1, definition.MaxStartAttempts);
        Assert.Equal(7, definition.LogCapacity);
        Assert.True(definition.KeepDataDirectoryOnFailure);
        Assert.Equal("MY_SERVER_URL", definition.ExistingServerVariable);
        Assert.Equal("my-server-package", definition.Package);
        Assert.Null(definition.AddressInUsePattern);
        Assert.Equal("{data}/server.log", definition.LogFile);
        Assert.Equal(["a log line matching /ready/", "the first port accepts connections", "GET /health answers"], definition.ReadinessSummary);
    }

    [Fact]
    public void Bad_values_are_refused_at_once_naming_the_value()
    {
        Assert.Throws<ArgumentNullException>(() => new HelperServerBuilder(null!));
        Assert.Contains("'my server'", Assert.Throws<ArgumentException>(() => Base.WithName("my server")).Message, StringComparison.Ordinal);
        Assert.Contains("'main'", Assert.Throws<ArgumentException>(() => Base.WithPort("main").WithPort("main")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Base.WithFixedPort("p", 70000));
        Assert.Throws<ArgumentOutOfRangeException>(() => Base.WithStartupTimeout(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Base.WithStopGrace(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Base.WithStartAttempts(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Base.WithLogCapacity(0));
        Assert.Contains("'A=B'", Assert.Throws<ArgumentException>(() => Base.WithEnvironment("A=B", "x")).Message, StringComparison.Ordinal);
        Assert.Contains("'../escape.conf'", Assert.Throws<ArgumentException>(() => Base.WithConfigFile("../escape.conf", "")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Base.WithConfigFile("/etc/absolute.conf", ""));
        Assert.Contains("'health'", Assert.Throws<ArgumentException>(() => Base.UntilHttpRequestIsSucceeded("health")).Message, StringComparison.Ordinal);
        Assert.Throws<RegexParseException>(() => Base.UntilMessageIsLogged("(unclosed"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Base.UntilPortIsAvailable(0));
        Assert.Throws<ArgumentException>(() => Base.Until(" ", (_, _) => Task.FromResult(true)));
    }

    [Fact]
    public void An_existing_server_variable_needs_a_port_to_give()
    {
        var error = Assert.Throws<ArgumentException>(new HelperServerBuilder(new Command("server")).WithExistingServerVariable("X_URL").Build);

        Assert.Contains("X_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_before_its_first_start_has_no_ports_and_says_so()
    {
        var server = Base.WithPort("main").Build();

        Assert.Equal(HelperServerState.NotStarted, server.State);
        Assert.Empty(server.Ports);
        Assert.Null(server.DataDirectory);
        Assert.Null(server.Process);
        Assert.Contains("start it first", Assert.Throws<InvalidOperationException>(() => server.Port).Message, StringComparison.Ordinal);
    }
}

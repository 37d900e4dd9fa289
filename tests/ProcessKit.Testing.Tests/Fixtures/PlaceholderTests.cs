namespace ProcessKit.Testing.Tests.Fixtures;

/// <summary>{port}, {port:NAME}, {host} and {data}: replaced everywhere they may appear, checked at build, other braces untouched.</summary>
public sealed class PlaceholderTests
{
    private static readonly PlaceholderValues Values = new("127.0.0.1", [new("http", 8080), new("admin", 9090)], "/tmp/pk-data");

    [Theory]
    [InlineData("--port={port}", "--port=8080")]
    [InlineData("{port:admin}", "9090")]
    [InlineData("http://{host}:{port:http}/x", "http://127.0.0.1:8080/x")]
    [InlineData("{data}/nginx.conf", "/tmp/pk-data/nginx.conf")]
    [InlineData("events { worker_connections 64; } {ports} {port:} {PORT}", "events { worker_connections 64; } {ports} {port:} {PORT}")]
    public void Placeholders_are_replaced_and_other_braces_kept(string template, string expected) =>
        Assert.Equal(expected, ServerPlaceholders.Expand(template, Values));

    [Fact]
    public void A_placeholder_without_a_value_at_expansion_says_which()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServerPlaceholders.Expand("{port:db}", Values));

        Assert.Contains("'db'", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ServerPlaceholders.Expand("{data}", Values with { DataDirectory = null }));
    }

    [Fact]
    public void An_undeclared_port_in_an_argument_fails_the_build_and_names_it()
    {
        var builder = new HelperServerBuilder(new Command("server", "--port", "{port:web}")).WithPort("http");

        var error = Assert.Throws<ArgumentException>(builder.Build);

        Assert.Contains("{port:web}", error.Message, StringComparison.Ordinal);
        Assert.Contains("declared: http", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_port_placeholder_without_any_port_fails_the_build()
    {
        var error = Assert.Throws<ArgumentException>(new HelperServerBuilder(new Command("server", "{port}")).Build);

        Assert.Contains("declares no port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_config_files_log_file_and_readiness_paths_are_checked_too()
    {
        var builder = new HelperServerBuilder(new Command("server")).WithPort("a");

        Assert.Throws<ArgumentException>(builder.WithEnvironment("URL", "http://{host}:{port:b}").Build);
        Assert.Throws<ArgumentException>(builder.WithConfigFile("x.conf", "listen {port:b};").Build);
        Assert.Throws<ArgumentException>(builder.WithConfigFile("{port:b}.conf", "").Build);
        Assert.Throws<ArgumentException>(builder.WithLogFile("{data}/{port:b}.log").Build);
        Assert.Throws<ArgumentException>(builder.UntilFileExists("{data}/{port:b}.pid").Build);
        Assert.Throws<ArgumentException>(builder.UntilPortIsAvailable("b").Build);
        Assert.Throws<ArgumentException>(builder.UntilHttpRequestIsSucceeded("/", portName: "b").Build);
        Assert.Throws<ArgumentException>(builder.WithExistingServerVariable("X_URL", "b").Build);
        builder.WithEnvironment("URL", "http://{host}:{port:a}/{data}").UntilPortIsAvailable("a").Build();
    }
}

namespace ProcessKit.Testing.Tests.Fixtures;

/// <summary>The address an existing-server variable holds: host:port or a URL; a bad one is refused without showing the value.</summary>
public sealed class ExistingServerEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:6379", "127.0.0.1", 6379)]
    [InlineData("redis.ci:6380", "redis.ci", 6380)]
    [InlineData("[::1]:5432", "::1", 5432)]
    [InlineData("redis://cache:6379/0", "cache", 6379)]
    [InlineData("postgresql://app:s3cret@db.internal:5433/tests", "db.internal", 5433)]
    [InlineData("http://localhost:8080/", "localhost", 8080)]
    [InlineData("  10.0.0.5:80  ", "10.0.0.5", 80)]
    public void Host_and_port_are_read_from_either_form(string value, string host, int port)
    {
        var endpoint = ExistingServerEndpoint.Parse("X_URL", value.Trim());

        Assert.Equal(host, endpoint.Host);
        Assert.Equal(port, endpoint.Port);
    }

    [Theory]
    [InlineData("postgresql://app:s3cret@db")]
    [InlineData("redis://:s3cret@cache:99999")]
    [InlineData("s3cret")]
    [InlineData("host:notaport")]
    [InlineData(":6379")]
    public void A_value_without_host_and_port_is_refused_without_showing_it(string value)
    {
        var error = Assert.Throws<FormatException>(() => ExistingServerEndpoint.Parse("X_URL", value));

        Assert.Contains("X_URL", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_or_empty_variable_means_no_existing_server()
    {
        var name = "PROCESSKIT_TEST_UNSET_" + Guid.NewGuid().ToString("N");

        Assert.Null(ExistingServerEndpoint.Read(name));
        Environment.SetEnvironmentVariable(name, " ");
        try
        {
            Assert.Null(ExistingServerEndpoint.Read(name));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void The_description_names_the_variable_but_not_the_password()
    {
        var endpoint = ExistingServerEndpoint.Parse("PG_URL", "postgresql://app:s3cret@db:5432/x");

        Assert.Equal("db:5432 (from PG_URL)", endpoint.ToString());
    }
}

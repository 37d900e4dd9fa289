using Npgsql;
using ProcessKit.Testing;
using ProcessKit.Testing.MSTest;

namespace MSTest.Sample;

/// <summary>A PostgreSQL server for this class only, queried with Npgsql.</summary>
[TestClass]
public sealed class PostgresTests : ProcessKitTest
{
    private static readonly ServerFixture<PostgresServer> Postgres = new(() => new PostgresServerBuilder().Build());

    [ClassInitialize]
    public static Task StartPostgresAsync(TestContext context) => Postgres.StartAsync(context);

    [ClassCleanup]
    public static ValueTask StopPostgresAsync() => Postgres.DisposeAsync();

    [TestMethod]
    public async Task Adds_two_numbers()
    {
        PostgresServer postgres = Use(Postgres);
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(CancellationToken);
        await using var query = new NpgsqlCommand("select 40 + 2", connection);

        Assert.AreEqual(42, await query.ExecuteScalarAsync(CancellationToken));
    }
}

using Integration.XunitV3.Infrastructure;
using Npgsql;
using ProcessKit.Core.Tests.Infrastructure;

namespace Integration.XunitV3.Servers;

/// <summary>A real PostgreSQL as a fixture, queried through Npgsql.</summary>
public sealed class PostgresTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [LinuxFact]
    public Task A_table_is_created_filled_and_queried_through_Npgsql() =>
        FixtureLifetime.UseAsync(new PostgresFixture(), async postgres =>
        {
            await using var connection = new NpgsqlConnection(postgres.ConnectionString);
            await connection.OpenAsync(Token);
            await using (var create = new NpgsqlCommand("CREATE TABLE tools (name text); INSERT INTO tools VALUES ('git'), ('make');", connection))
            {
                await create.ExecuteNonQueryAsync(Token);
            }

            await using var count = new NpgsqlCommand("SELECT count(*) FROM tools", connection);

            Assert.Equal(2L, await count.ExecuteScalarAsync(Token));
        });
}

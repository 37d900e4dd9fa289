using Npgsql;

namespace XunitV3.Sample;

/// <summary>A real PostgreSQL, queried through Npgsql.</summary>
public sealed class PostgresTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stores_an_order_and_finds_it()
    {
        await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString);
        await connection.OpenAsync(Token);

        await using var insert = new NpgsqlCommand("INSERT INTO orders (item) VALUES ('coffee') RETURNING id", connection);
        var id = (int)(await insert.ExecuteScalarAsync(Token))!;

        await using var select = new NpgsqlCommand("SELECT item FROM orders WHERE id = @id", connection);
        select.Parameters.AddWithValue("id", id);
        Assert.Equal("coffee", await select.ExecuteScalarAsync(Token));
    }
}

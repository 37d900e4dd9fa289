using Integration.MSTest.Infrastructure;
using Npgsql;
using ProcessKit.Testing;
using ProcessKit.Testing.MSTest;

namespace Integration.MSTest.Servers;

/// <summary>A real PostgreSQL shared by the class (run as the postgres user when the tests run as root), queried through Npgsql.</summary>
[TestClass]
public sealed class PostgresTests : ProcessKitTest
{
    private static readonly ServerFixture<PostgresServer> Postgres = new(() => new PostgresServerBuilder().Build());
    private static IReadOnlyList<(int Pid, string StartTime)> _processes = [];

    [ClassInitialize]
    public static async Task StartPostgresAsync(TestContext context)
    {
        await Postgres.StartAsync(context);
        if (Postgres.IsStarted)
        {
            _processes = ProcessTree.Snapshot(Postgres.Server.ProcessIds);
        }
    }

    [ClassCleanup]
    public static async Task StopPostgresAsync()
    {
        await Postgres.DisposeAsync();
        ProcessTree.AssertGone(_processes);
    }

    [TestMethod]
    public async Task Answers_a_query_through_Npgsql()
    {
        var postgres = Use(Postgres);
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(CancellationToken);

        await using var query = new NpgsqlCommand("select 40 + 2", connection);

        Assert.AreEqual(42, await query.ExecuteScalarAsync(CancellationToken));
    }

    [TestMethod]
    public async Task Keeps_rows_written_through_Npgsql()
    {
        var postgres = Use(Postgres);
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(CancellationToken);
        var table = $"notes_{Guid.NewGuid():N}";

        await using (var create = new NpgsqlCommand($"create table {table} (body text); insert into {table} values ('first'), ('second')", connection))
        {
            await create.ExecuteNonQueryAsync(CancellationToken);
        }

        await using var count = new NpgsqlCommand($"select count(*) from {table}", connection);
        Assert.AreEqual(2L, await count.ExecuteScalarAsync(CancellationToken));
    }
}

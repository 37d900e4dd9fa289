using Integration.NUnit.Infrastructure;
using Npgsql;
using ProcessKit.Testing;
using ProcessKit.Testing.NUnit;

namespace Integration.NUnit.Servers;

/// <summary>A real PostgreSQL (run as a non-root user when the tests run as root), queried through Npgsql.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class PostgresTests
{
    private readonly ServerFixture<PostgresServer> _postgres = ServerFixture.Of(new PostgresServerBuilder());
    private readonly ProcessTree _started = new();

    [OneTimeSetUp]
    public async Task StartPostgres()
    {
        await _postgres.StartAsync();
        if (_postgres.StartupFailure is null)
        {
            _started.Add(_postgres.Server.ProcessIds);
        }
    }

    [OneTimeTearDown]
    public ValueTask StopPostgres() => _postgres.DisposeAsync();

    [Test]
    public async Task Answers_a_query_through_Npgsql()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        await using var connection = new NpgsqlConnection(_postgres.Server.ConnectionString);
        await connection.OpenAsync(token);
        await using var command = new NpgsqlCommand("select 40 + 2", connection);

        Assert.That(await command.ExecuteScalarAsync(token), Is.EqualTo(42));
    }

    [Test]
    public async Task Keeps_what_a_test_writes()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        await using var connection = new NpgsqlConnection(_postgres.Server.ConnectionString);
        await connection.OpenAsync(token);
        await using (var create = new NpgsqlCommand("create table notes (text text); insert into notes values ('kept')", connection))
        {
            await create.ExecuteNonQueryAsync(token);
        }

        await using var read = new NpgsqlCommand("select text from notes", connection);
        Assert.That(await read.ExecuteScalarAsync(token), Is.EqualTo("kept"));
    }

    [Test]
    public void Runs_a_tree_of_processes_that_is_tracked()
    {
        _ = _postgres.Server; // ignores the test, naming the package, when postgres is not installed

        Assert.That(_started.Count, Is.GreaterThan(1), "postgres runs a postmaster and its background workers");
    }
}

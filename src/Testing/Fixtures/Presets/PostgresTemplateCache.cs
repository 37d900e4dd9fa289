using System.Collections.Concurrent;

namespace ProcessKit.Testing;

/// <summary>
/// One <c>initdb</c> per test run: the first PostgreSQL server of a process initialises a template
/// cluster, and every server copies it into its own data directory (much faster than an initdb
/// each). Templates live in <c>pk-pgtemplate-PID-*</c> under the temporary directory and are
/// removed when the process exits; those of processes that died without that chance are removed
/// by the next run's sweep (<see cref="DataDirectories"/>), like their servers' data directories. The fixture's own commands (initdb, chown) always run for real, whatever
/// runner scope the test has set.
/// </summary>
internal static class PostgresTemplateCache
{
    private const string Name = "pgtemplate";
    private static readonly ConcurrentDictionary<(string BinDirectory, string? SystemUser), Lazy<Task<string>>> Templates = new();
    private static readonly ConcurrentBag<string> Created = [];
    private static int _cleanupRegistered;

    /// <summary>The template cluster for <paramref name="binDirectory"/> run as <paramref name="systemUser"/> (null: this process's user), made on first use.</summary>
    /// <param name="binDirectory">PostgreSQL's bin directory (initdb).</param>
    /// <param name="systemUser">The user that owns and runs the cluster, or null for this process's user.</param>
    /// <param name="log">Told that a template is being made.</param>
    /// <param name="cancellationToken">Stops waiting; an initdb under way finishes for the next caller.</param>
    /// <returns>The template's data directory.</returns>
    internal static Task<string> GetAsync(string binDirectory, string? systemUser, ServerLog log, CancellationToken cancellationToken)
    {
        var key = (binDirectory, systemUser);
        var entry = Templates.GetOrAdd(key, _ => new Lazy<Task<string>>(() => CreateOrForgetAsync(key, log)));
        return entry.Value.WaitAsync(cancellationToken);
    }

    /// <summary>A command of PostgreSQL's run as <paramref name="systemUser"/> in the C locale.</summary>
    internal static Command AsUser(Command command, string? systemUser)
    {
        var localized = command.WithEnvironment("LC_ALL", "C");
        return systemUser is null ? localized : localized.WithUser(systemUser);
    }

    /// <summary>Makes the template; a failed initdb is not cached, so the next server tries again (and reports its own error).</summary>
    private static async Task<string> CreateOrForgetAsync((string BinDirectory, string? SystemUser) key, ServerLog log)
    {
        try
        {
            return await CreateAsync(key.BinDirectory, key.SystemUser, log).ConfigureAwait(false);
        }
        catch
        {
            Templates.TryRemove(key, out _);
            throw;
        }
    }

    private static async Task<string> CreateAsync(string binDirectory, string? systemUser, ServerLog log)
    {
        RegisterCleanup();
        var root = DataDirectories.Create(root: null, Name);
        Created.Add(root);
        if (systemUser is not null)
        {
            await ProcessRunner.Default.RunAsync(new Command("chown", systemUser + ":", root)).ConfigureAwait(false);
        }

        var data = Path.Combine(root, "pgdata");
        // 1 MB WAL segments instead of 16: every server copies the template, and the first segment was 40% of it.
        log.Note($"making the PostgreSQL template cluster once for this test run (initdb into {data})");
        var initdb = new Command(Path.Combine(binDirectory, "initdb"),
            "-D", data, "-U", PostgresServer.Superuser, "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C", "--wal-segsize=1");
        await ProcessRunner.Default.RunAsync(AsUser(initdb, systemUser)).ConfigureAwait(false);
        return data;
    }

    private static void RegisterCleanup()
    {
        if (Interlocked.Exchange(ref _cleanupRegistered, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                foreach (var directory in Created)
                {
                    DataDirectories.TryDelete(directory);
                }
            };
        }
    }
}

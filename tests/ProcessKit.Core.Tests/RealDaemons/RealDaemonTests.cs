using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.RealDaemons;

/// <summary>
/// Real servers that daemonize, started inside a group: after the group is disposed none of their
/// processes remain. Skipped, naming the package, when the server is not installed (.ci/run installs them).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RealDaemonTests
{
    [LinuxFact]
    public async Task Nginx_master_and_workers_daemonize_inside_the_group_and_are_gone_after_dispose()
    {
        var nginx = Find("nginx", "/usr/sbin/nginx");
        Assert.SkipWhen(nginx is null, "nginx is not installed (apt-get install nginx-light)");
        Assert.SkipWhen(ProcessGroup.PredictMechanism().Mechanism == ContainmentMechanism.ProcessGroup,
            "nginx calls setsid and overwrites its initial environment (setproctitle), so neither a process group nor the marker reaches its master: only cgroup v2 contains it (docs/platform-support.md)");
        var directory = Directory.CreateTempSubdirectory("pk-nginx-").FullName;
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), $$"""
            daemon on;
            master_process on;
            worker_processes 2;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log;
            events { worker_connections 64; }
            http {
              access_log off;
              client_body_temp_path {{directory}}/body;
              proxy_temp_path {{directory}}/proxy;
              fastcgi_temp_path {{directory}}/fastcgi;
              uwsgi_temp_path {{directory}}/uwsgi;
              scgi_temp_path {{directory}}/scgi;
              server { listen 127.0.0.1:{{port}}; location / { return 200 "contained\n"; } }
            }
            """, TestContext.Current.CancellationToken);
        List<ProcessIdentity> servers = [];
        try
        {
            await using (var group = ProcessGroup.Create())
            {
                // nginx forks its master into the background and its first process exits at once.
                await group.RunAsync(new Command(nginx!, "-p", directory, "-c", Path.Combine(directory, "nginx.conf")), TestContext.Current.CancellationToken);

                using var http = new HttpClient();
                Assert.Equal("contained\n", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"), TestContext.Current.CancellationToken));
                servers = ProcessesNamed("nginx");
                Assert.True(servers.Count >= 3, $"a master and two workers, found {servers.Count}");
                AssertMembers(servers, group);
            }

            Assert.All(servers, ProcessAssert.Gone);
        }
        finally
        {
            servers.ForEach(server => server.KillIfRunning());
            KillByPidFile(Path.Combine(directory, "nginx.pid"));
            Directory.Delete(directory, recursive: true);
        }
    }

    [LinuxFact]
    public async Task Postgres_started_by_pg_ctl_as_the_postgres_user_is_gone_after_dispose()
    {
        var bin = PostgresBin();
        Assert.SkipWhen(bin is null, "PostgreSQL is not installed (apt-get install postgresql)");
        Assert.SkipUnless(Environment.UserName == "root", "postgres refuses root: the test switches to the postgres user, which needs root");
        var directory = Directory.CreateTempSubdirectory("pk-pg-").FullName;
        var data = Path.Combine(directory, "data");
        var port = FreePort();
        List<ProcessIdentity> servers = [];
        try
        {
            await new Command("chown", "postgres:postgres", directory).RunAsync(TestContext.Current.CancellationToken);
            var asPostgres = (string program, string[] arguments) => new Command(Path.Combine(bin!, program), arguments).WithUser("postgres").WithEnvironment("LC_ALL", "C");
            await asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync"]).RunAsync(TestContext.Current.CancellationToken);

            await using (var group = ProcessGroup.Create())
            {
                // pg_ctl starts the server in the background and exits once it accepts connections.
                await group.RunAsync(asPostgres("pg_ctl", ["start", "-w", "-D", data, "-l", Path.Combine(directory, "log"),
                    "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1"]), TestContext.Current.CancellationToken);
                var answer = await asPostgres("psql", ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-tA", "-c", "select 40 + 2"])
                    .RunAsync(TestContext.Current.CancellationToken);

                Assert.Equal("42", answer);
                servers = ProcessesNamed("postgres");
                Assert.NotEmpty(servers);
                AssertMembers(servers, group);
            }

            Assert.All(servers, ProcessAssert.Gone);
        }
        finally
        {
            servers.ForEach(server => server.KillIfRunning());
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Each of <paramref name="servers"/> is a member of <paramref name="group"/>, unless it has
    /// exited since it was listed (a server's short-lived children, such as the backend that served
    /// the last connection, come and go).
    /// </summary>
    private static void AssertMembers(List<ProcessIdentity> servers, ProcessGroup group)
    {
        var members = group.Members;
        Assert.All(servers, server => Assert.True(members.Contains(server.Pid) || !server.IsRunning, $"{server} runs outside the group, whose members are [{string.Join(", ", members)}]"));
    }

    /// <summary>A safety net for a failing test: the master's own pid file (its workers die with it).</summary>
    private static void KillByPidFile(string pidFile)
    {
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && ProcStat.Read(pid) is { IsRunning: true } stat)
        {
            new ProcessIdentity(pid, stat.StartTime).KillIfRunning();
        }
    }

    private static string? Find(string name, string fallback) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).Append(fallback).FirstOrDefault(File.Exists);

    private static string? PostgresBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "postgres"))).Order(StringComparer.Ordinal).LastOrDefault()
            : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Running processes whose command name (comm) is <paramref name="name"/>, started by this test run.</summary>
    private static List<ProcessIdentity> ProcessesNamed(string name) =>
        [.. ProcStat.All()
            .Where(stat => stat.IsRunning && IsOursNamed(stat, name))
            .Select(stat => new ProcessIdentity(stat.Pid, stat.StartTime))];

    /// <summary>Daemons are re-parented, so "ours" is decided by the container marker or cgroup, not by parentage.</summary>
    private static bool IsOursNamed(ProcStat stat, string name)
    {
        try
        {
            if (File.ReadAllText($"/proc/{stat.Pid}/comm").Trim() != name)
            {
                return false;
            }

            var cgroup = File.ReadAllText($"/proc/{stat.Pid}/cgroup");
            var environ = File.ReadAllText($"/proc/{stat.Pid}/environ");
            var us = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            return cgroup.Contains($"processkit-{us}-", StringComparison.Ordinal) || environ.Contains($"PROCESSKIT_CONTAINER={us}-", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}

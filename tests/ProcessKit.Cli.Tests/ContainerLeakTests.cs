using ProcessKit.Cli.Tests.Infrastructure;

namespace ProcessKit.Cli.Tests;

/// <summary>
/// <c>processkit run --fail-on-leak</c> over a program that leaves a container running, labelled
/// with the run's identity as ProcessKit.Testing.Testcontainers labels its containers. Needs the
/// docker client, an engine (DOCKER_HOST) and the image processkit/redis:local (.ci/docker.sh
/// makes all three); skipped, saying so, without them.
/// </summary>
public sealed class ContainerLeakTests
{
    private const string Image = "processkit/redis:local";

    [LinuxFact]
    public async Task A_container_the_run_left_running_is_reported_removed_and_exits_3()
    {
        await RequireEngineWithImageAsync();
        var marker = "processkit-leak-test-" + Guid.NewGuid().ToString("N");
        // As the package does: the run's identity, from PROCESSKIT_RUN_ID, in the dev.processkit.run label.
        var script = DockerRun(marker, "--label \"dev.processkit.run=$PROCESSKIT_RUN_ID\" --label dev.processkit.server=redis");

        try
        {
            var result = await CliProgram.Command("run", "--fail-on-leak", "--", "sh", "-c", script).OutputAsync(TestContext.Current.CancellationToken);

            Assert.Equal(3, result.ExitCode);
            var lines = result.StandardError.ReplaceLineEndings("\n").Split('\n');
            Assert.Contains(lines, line => line.StartsWith("processkit: sh exited with code 0 and left 1 container running (label dev.processkit.run=", StringComparison.Ordinal));
            Assert.Contains(lines, line => line.StartsWith("processkit:   ", StringComparison.Ordinal) && line.Contains(marker, StringComparison.Ordinal) && line.Contains(Image, StringComparison.Ordinal) && line.Contains(" redis ", StringComparison.Ordinal));
            Assert.Contains("processkit: removed 1 container (docker rm -f)", lines);
            Assert.Equal("", await DockerAsync("ps", "-aq", "--filter", $"name={marker}"));
        }
        finally
        {
            await new Command("docker", "rm", "-f", marker).WithTimeout(CliProgram.Timeout).OutputAsync(CancellationToken.None);
        }
    }

    [LinuxFact]
    public async Task A_container_of_another_run_is_not_the_runs_leak()
    {
        await RequireEngineWithImageAsync();
        var marker = "processkit-leak-test-" + Guid.NewGuid().ToString("N");
        var script = DockerRun(marker, "--label dev.processkit.run=another-run");

        try
        {
            var result = await CliProgram.Command("run", "--fail-on-leak", "--", "sh", "-c", script).OutputAsync(TestContext.Current.CancellationToken);

            Assert.Equal(0, result.ExitCode);
            // Under process groups a line about the check's blind spot is written; nothing about containers.
            Assert.DoesNotContain("container", result.StandardError, StringComparison.Ordinal);
            Assert.NotEqual("", await DockerAsync("ps", "-q", "--filter", $"name={marker}"));
        }
        finally
        {
            await new Command("docker", "rm", "-f", marker).WithTimeout(CliProgram.Timeout).OutputAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// A shell command that starts a redis container named <paramref name="name"/> with
    /// <paramref name="labels"/> and returns. No network (<c>--network none</c>: nothing may create a
    /// bridge here); the server listens on a socket inside it only, so that it keeps running.
    /// </summary>
    private static string DockerRun(string name, string labels) =>
        $"docker run -d --network none --name {name} --label dev.processkit=true {labels} {Image} redis-server --port 0 --unixsocket /tmp/redis.sock --save \"\" >/dev/null";

    private static async Task RequireEngineWithImageAsync()
    {
        string? found;
        try
        {
            found = await DockerAsync("image", "ls", "-q", Image);
        }
        catch (ProcessNotFoundException)
        {
            found = null;
        }

        if (string.IsNullOrEmpty(found))
        {
            Assert.Skip($"needs the docker client, an engine (DOCKER_HOST={Environment.GetEnvironmentVariable("DOCKER_HOST") ?? "unset"}) and the image {Image}; .ci/docker.sh makes them");
        }
    }

    /// <summary>The docker client's trimmed output, or null when it failed.</summary>
    private static async Task<string?> DockerAsync(params string[] arguments)
    {
        var result = await new Command("docker", arguments).WithTimeout(CliProgram.Timeout).OutputAsync(TestContext.Current.CancellationToken);
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
    }
}

namespace ProcessKit.Cli;

/// <summary>
/// A container still running after the program exited that the run started: one that carries
/// the label <see cref="RunLabel"/> with this run's identity. <c>processkit run</c> gives that
/// identity to the program in <see cref="RunVariable"/>, and ProcessKit.Testing.Testcontainers
/// copies it into the label of every container it starts. Containers are seen through the
/// <c>docker</c> client (its <c>DOCKER_HOST</c>); without the client or an engine, none are seen.
/// </summary>
/// <param name="Id">The short container id.</param>
/// <param name="Image">The image it runs.</param>
/// <param name="Name">The engine's name for it.</param>
/// <param name="Server">The helper server it hosts (the <c>dev.processkit.server</c> label), or empty.</param>
/// <param name="RunningFor">How long ago it was created, as the engine says it ("5 seconds ago").</param>
internal sealed record LeakedContainer(string Id, string Image, string Name, string Server, string RunningFor)
{
    /// <summary>The environment variable that carries the run's identity to the program: <c>PROCESSKIT_RUN_ID</c>.</summary>
    internal const string RunVariable = "PROCESSKIT_RUN_ID";

    /// <summary>The label with that identity on the containers the run started: <c>dev.processkit.run</c>.</summary>
    internal const string RunLabel = "dev.processkit.run";

    /// <summary>A slow or unreachable engine must not hold the run's result for long.</summary>
    private static readonly TimeSpan DockerTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The running containers labelled with <paramref name="runId"/>; empty when the <c>docker</c> client is missing or no engine answers.</summary>
    internal static async Task<IReadOnlyList<LeakedContainer>> FindAsync(string runId)
    {
        var output = await DockerAsync(["ps", "--filter", $"label={RunLabel}={runId}",
            "--format", "{{.ID}}\t{{.Image}}\t{{.Names}}\t{{.Label \"dev.processkit.server\"}}\t{{.RunningFor}}"]).ConfigureAwait(false);
        return output is null
            ? []
            : output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split('\t'))
                .Where(fields => fields.Length == 5)
                .Select(fields => new LeakedContainer(fields[0], fields[1], fields[2], fields[3], fields[4]))
                .ToList();
    }

    /// <summary>Removes <paramref name="containers"/> (<c>docker rm -f</c>, which kills them first); true when the engine removed them all.</summary>
    internal static async Task<bool> RemoveAsync(IReadOnlyList<LeakedContainer> containers) =>
        await DockerAsync(["rm", "-f", .. containers.Select(c => c.Id)]).ConfigureAwait(false) is not null;

    /// <summary>Runs the docker client; its standard output, or null when it is missing or failed.</summary>
    private static async Task<string?> DockerAsync(string[] arguments)
    {
        try
        {
            var result = await new Command("docker", arguments).WithTimeout(DockerTimeout).OutputAsync().ConfigureAwait(false);
            return result.ExitCode == 0 ? result.StandardOutput : null;
        }
        catch (Exception e) when (e is ProcessNotFoundException or ProcessPermissionException or ProcessSpawnException)
        {
            return null;
        }
    }
}

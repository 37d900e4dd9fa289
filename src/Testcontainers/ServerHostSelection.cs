namespace ProcessKit.Testing.Testcontainers;

/// <summary>
/// Chooses between a process and a container for a server. A choice given in code wins; else the
/// environment variable <see cref="Variable"/> (<c>process</c>, <c>container</c> or <c>auto</c>);
/// else <see cref="ServerHostChoice.Auto"/>.
/// </summary>
public static class ServerHostSelection
{
    /// <summary>The environment variable that chooses: <c>PROCESSKIT_SERVER_HOST</c> = <c>process</c> | <c>container</c> | <c>auto</c>.</summary>
    public const string Variable = "PROCESSKIT_SERVER_HOST";

    /// <summary>The choice <see cref="Variable"/> makes, or <see cref="ServerHostChoice.Auto"/> when it is unset or empty.</summary>
    /// <exception cref="FormatException">The variable holds something other than process, container or auto.</exception>
    public static ServerHostChoice FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(Variable)?.Trim();
        return value?.ToUpperInvariant() switch
        {
            null or "" or "AUTO" => ServerHostChoice.Auto,
            "PROCESS" => ServerHostChoice.Process,
            "CONTAINER" => ServerHostChoice.Container,
            _ => throw new FormatException($"{Variable} is '{value}': use process, container or auto."),
        };
    }

    /// <summary>
    /// Decides for one start: true for a container, false for a process. Under
    /// <see cref="ServerHostChoice.Auto"/>, a process when <paramref name="program"/> is found
    /// (an existing path, or a name on PATH), else a container when an engine answers.
    /// </summary>
    /// <exception cref="ServerBinaryNotFoundException">Auto, the program is missing and no engine answers: the message names the package and the engine (adapters skip the test).</exception>
    internal static bool UseContainer(ServerHostChoice? choice, string serverName, string program, string? package, string image)
    {
        switch (choice ?? FromEnvironment())
        {
            case ServerHostChoice.Process:
                return false;
            case ServerHostChoice.Container:
                return true;
        }

        if (ProgramPaths.Find(program) is not null)
        {
            return false;
        }

        if (DockerEngine.Answers(out var endpoint))
        {
            return true;
        }

        var install = package is null ? "install it" : $"apt-get install {package}";
        throw new ServerBinaryNotFoundException(
            serverName,
            program,
            package,
            $"{install}, or start a Docker engine for the image {image} (none answered at {endpoint}; DOCKER_HOST names another)",
            ProgramPaths.Searched(program));
    }
}

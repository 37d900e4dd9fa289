namespace ProcessKit.Testing.Testcontainers;

/// <summary>Where a helper server that can run in a container runs: see <see cref="ServerHostSelection"/>.</summary>
public enum ServerHostChoice
{
    /// <summary>A process when the server's program is installed, else a container when a Docker engine answers, else the test is skipped naming both.</summary>
    Auto = 0,

    /// <summary>Always a contained child process, as without this package.</summary>
    Process = 1,

    /// <summary>Always a container; the start fails when no Docker engine answers.</summary>
    Container = 2,
}

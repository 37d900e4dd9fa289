namespace ProcessKit.Testing.Tests.Cassettes.Infrastructure;

/// <summary>A fresh directory for a test's cassettes, removed with everything in it when disposed.</summary>
internal sealed class CassetteFolder : IDisposable
{
    public CassetteFolder()
    {
        Path = Directory.CreateTempSubdirectory("processkit-cassettes-").FullName;
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>The file of the cassette named <paramref name="name"/> (".json" added).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name + ".json");

    /// <summary>The cassette's text.</summary>
    public string Read(string name) => System.IO.File.ReadAllText(File(name));

    /// <summary>A runner for cassette <paramref name="name"/> whose mode variable and process environment are given, not read from this process.</summary>
    public RecordReplayRunner Runner(string name, CassetteOptions options, string? modeVariable = null, IReadOnlyDictionary<string, string>? processEnvironment = null) =>
        new(Path, name, options, variable => variable == "PROCESSKIT_CASSETTE_MODE" ? modeVariable : null, processEnvironment is null ? () => [] : () => processEnvironment);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}

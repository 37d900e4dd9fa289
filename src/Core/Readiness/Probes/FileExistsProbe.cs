namespace ProcessKit;

/// <summary>Ready once a file (not a directory) exists at the path.</summary>
internal sealed class FileExistsProbe(string path) : PollingProbe
{
    public override string Description { get; } = $"the file {path} to exist";

    protected override Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(path));
}

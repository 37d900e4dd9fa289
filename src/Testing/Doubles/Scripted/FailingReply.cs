namespace ProcessKit.Testing;

/// <summary>A reply that throws instead of running: not found, permission denied, or any exception.</summary>
internal sealed class FailingReply(Func<Command, Exception> create, string description) : ScriptedReply
{
    internal static FailingReply NotFoundReply { get; } = new(NotFoundFor, "not found");

    internal static FailingReply PermissionDeniedReply { get; } = new(PermissionDeniedFor, "permission denied");

    public override string ToString() => "throws " + description;

    internal override Task<ProcessResult> OutputAsync(Command command, CancellationToken cancellationToken) =>
        Task.FromException<ProcessResult>(Create(command));

    internal override Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken) =>
        Task.FromException<BytesResult>(Create(command));

    internal override Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken) =>
        Task.FromException<RunningProcess>(Create(command));

    /// <summary>What the real runner throws for a program it cannot find, with the paths it would have tried.</summary>
    private static ProcessNotFoundException NotFoundFor(Command command) =>
        new(command.Program, command.Arguments, ProgramNames.HasDirectory(command.Program)
            ? [FullPath(command)]
            : [.. SearchDirectories(command).Select(directory => Path.Combine(directory, command.Program))]);

    /// <summary>What the real runner throws for a file it may not execute.</summary>
    private static ProcessPermissionException PermissionDeniedFor(Command command)
    {
        var path = ProgramNames.HasDirectory(command.Program)
            ? FullPath(command)
            : Path.Combine(SearchDirectories(command).FirstOrDefault() ?? Path.GetPathRoot(Environment.CurrentDirectory)!, command.Program);
        return new ProcessPermissionException(command.Program, command.Arguments, path, "it is not executable");
    }

    private static string FullPath(Command command) =>
        Path.GetFullPath(command.Program, command.WorkingDirectory ?? Environment.CurrentDirectory);

    /// <summary>
    /// The command's own <c>PATH</c> if it sets one, else this process's, each directory once: where
    /// the real runner looks (Core's resolver, whose rule this mirrors; it is internal to Core).
    /// </summary>
    private static List<string> SearchDirectories(Command command)
    {
        var path = command.EnvironmentChanges.TryGetValue("PATH", out var own) && own is not null
            ? own
            : Environment.GetEnvironmentVariable("PATH") ?? "";
        var seen = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        return [.. path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(directory => seen.Add(Path.TrimEndingDirectorySeparator(directory)))];
    }

    private Exception Create(Command command) =>
        create(command) ?? new InvalidOperationException($"The scripted exception factory for {command} returned null.");
}

using System.Globalization;
using ProcessKit.Testing.Isolation.Calls;

namespace ProcessKit.Testing.Isolation.Children;

/// <summary>How a child is started, shared by isolated invocations and pool workers.</summary>
/// <param name="Files">The muxer, the caller's runtime files and the host.</param>
/// <param name="Environment">Variables to set (a null value removes one).</param>
/// <param name="WorkingDirectory">The child's current directory; the parent's when null.</param>
/// <param name="Timeout">The child's whole life; no limit when null.</param>
/// <param name="Output">Receives each line the child writes, labelled; none when null.</param>
/// <param name="Label">Names the child in its output lines.</param>
internal sealed record ChildSettings(
    HostFiles Files,
    IReadOnlyDictionary<string, string?>? Environment,
    string? WorkingDirectory,
    TimeSpan? Timeout,
    Action<string>? Output,
    string Label)
{
    /// <summary>The host's option that makes it exit once it has replied to its first call (an isolated invocation's child) rather than when the parent closes the channel.</summary>
    public const string OneCallOption = "--one-call";

    /// <summary>Whether the child serves one call and exits (see <see cref="OneCallOption"/>): its exit then overlaps the parent's reading of the reply.</summary>
    public bool OneCall { get; init; }

    /// <summary>The command that starts the host on the channel's socket at <paramref name="socketPath"/>.</summary>
    public Command Command(string socketPath)
    {
        var command = new Command(Files.Dotnet, "exec", "--runtimeconfig", Files.RuntimeConfig, "--depsfile", Files.DepsFile, Files.HostAssembly, socketPath);
        if (OneCall)
        {
            command = command.AddArguments(OneCallOption);
        }

        foreach (var (name, value) in Environment ?? new Dictionary<string, string?>())
        {
            command = value is null ? command.WithoutEnvironment(name) : command.WithEnvironment(name, value);
        }

        if (WorkingDirectory is not null)
        {
            command = command.WithWorkingDirectory(WorkingDirectory);
        }

        return Timeout is { } timeout ? command.WithTimeout(timeout) : command;
    }

    /// <summary>A line as the test's output shows it: like a started command's, <c>[label pid] text</c>.</summary>
    public string Format(int processId, OutputLine line) =>
        string.Create(CultureInfo.InvariantCulture, $"[{Label} {processId}] {line}");
}

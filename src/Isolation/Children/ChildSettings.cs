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
    /// <summary>The command that starts the host on <paramref name="pipeName"/>.</summary>
    public Command Command(string pipeName)
    {
        var command = new Command(Files.Dotnet, "exec", "--runtimeconfig", Files.RuntimeConfig, "--depsfile", Files.DepsFile, Files.HostAssembly, pipeName);
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

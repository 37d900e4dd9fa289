using System.Diagnostics;
using System.Runtime.Versioning;

namespace ProcessKit;

/// <summary>A child started by <see cref="WindowsSpawner"/>; it copies files and null devices itself.</summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsChildProcess : ChildProcess
{
    private readonly List<Task> _copies = [];

    internal WindowsChildProcess(Process process, SpawnPlan plan, Containment containment)
    {
        Process = process;
        StandardInput = ConnectInput(plan.Input);
        StandardOutput = ConnectOutput(plan.Output, plan.Output.Connection == StdioConnection.Inherit ? null : process.StandardOutput.BaseStream);
        StandardError = ConnectOutput(plan.Error, plan.Error.Connection == StdioConnection.Inherit ? null : process.StandardError.BaseStream);
        Exited = WaitAsync(process, containment);
    }

    internal Process Process { get; }

    internal override int Id => Process.Id;

    internal override Stream? StandardInput { get; }

    internal override OutputPipe? StandardOutput { get; }

    internal override OutputPipe? StandardError { get; }

    internal override Task<ExitStatus> Exited { get; }

    internal override Task Completion => Task.WhenAll(_copies);

    private static async Task<ExitStatus> WaitAsync(Process process, Containment containment)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        containment.NotifyLeaderExited();
        return ExitStatus.Exited(process.ExitCode);
    }

    private Stream? ConnectInput(StdioPlan input)
    {
        switch (input.Connection)
        {
            case StdioConnection.Pipe:
                return Process.StandardInput.BaseStream;
            case StdioConnection.Null:
                Process.StandardInput.Close();
                return null;
            case StdioConnection.File:
                _copies.Add(CopyAsync(File.OpenRead(input.FilePath!), Process.StandardInput.BaseStream));
                return null;
            default:
                return null;
        }
    }

    private StreamOutputPipe? ConnectOutput(StdioPlan output, Stream? pipe)
    {
        switch (output.Connection)
        {
            case StdioConnection.Pipe:
                return new StreamOutputPipe(pipe!);
            case StdioConnection.Null:
                _copies.Add(CopyAsync(pipe!, Stream.Null));
                return null;
            case StdioConnection.File:
                var file = new FileStream(output.FilePath!, output.Append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
                _copies.Add(CopyAsync(pipe!, file));
                return null;
            default:
                return null;
        }
    }

    private static async Task CopyAsync(Stream source, Stream destination)
    {
        await using (source.ConfigureAwait(false))
        await using (destination.ConfigureAwait(false))
        {
            try
            {
                await source.CopyToAsync(destination).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The child closed its end early.
            }
        }
    }
}

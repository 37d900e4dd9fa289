namespace ProcessKit;

/// <summary>A child started by <see cref="PosixSpawner"/>.</summary>
internal sealed class PosixChildProcess(int pid, Stream? standardInput, OutputPipe? standardOutput, OutputPipe? standardError) : ChildProcess
{
    internal override int Id => pid;

    internal override Stream? StandardInput => standardInput;

    internal override OutputPipe? StandardOutput => standardOutput;

    internal override OutputPipe? StandardError => standardError;

    internal override Task<ExitStatus> Exited => ExitedTask ?? throw new InvalidOperationException("The child is not watched yet.");

    internal Task<ExitStatus>? ExitedTask { get; set; }
}

namespace ProcessKit;

/// <summary>The verbs of <see cref="Command"/>, running the command as a member of this group.</summary>
public sealed partial class ProcessGroup
{
    /// <summary>Runs <paramref name="command"/> as a member; see <see cref="Command.RunAsync"/>.</summary>
    /// <exception cref="ObjectDisposedException">The group is disposed.</exception>
    public Task<string> RunAsync(Command command, CancellationToken cancellationToken = default) => Member(command).RunAsync(cancellationToken);

    /// <summary>Runs <paramref name="command"/> as a member; see <see cref="Command.OutputAsync"/>.</summary>
    /// <exception cref="ObjectDisposedException">The group is disposed.</exception>
    public Task<ProcessResult> OutputAsync(Command command, CancellationToken cancellationToken = default) => Member(command).OutputAsync(cancellationToken);

    /// <summary>Runs <paramref name="command"/> as a member; see <see cref="Command.OutputBytesAsync"/>.</summary>
    /// <exception cref="ObjectDisposedException">The group is disposed.</exception>
    public Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default) => Member(command).OutputBytesAsync(cancellationToken);

    /// <summary>Runs <paramref name="command"/> as a member; see <see cref="Command.ExitCodeAsync"/>.</summary>
    /// <exception cref="ObjectDisposedException">The group is disposed.</exception>
    public Task<int> ExitCodeAsync(Command command, CancellationToken cancellationToken = default) => Member(command).ExitCodeAsync(cancellationToken);

    /// <summary>Runs <paramref name="command"/> as a member; see <see cref="Command.ProbeAsync"/>.</summary>
    /// <exception cref="ObjectDisposedException">The group is disposed.</exception>
    public Task<bool> ProbeAsync(Command command, CancellationToken cancellationToken = default) => Member(command).ProbeAsync(cancellationToken);

    /// <summary>Synchronous twin of <see cref="RunAsync"/>.</summary>
    public string Run(Command command, CancellationToken cancellationToken = default) => Member(command).Run(cancellationToken);

    /// <summary>Synchronous twin of <see cref="OutputAsync"/>.</summary>
    public ProcessResult Output(Command command, CancellationToken cancellationToken = default) => Member(command).Output(cancellationToken);

    /// <summary>Synchronous twin of <see cref="OutputBytesAsync"/>.</summary>
    public BytesResult OutputBytes(Command command, CancellationToken cancellationToken = default) => Member(command).OutputBytes(cancellationToken);

    /// <summary>Synchronous twin of <see cref="ExitCodeAsync"/>.</summary>
    public int ExitCode(Command command, CancellationToken cancellationToken = default) => Member(command).ExitCode(cancellationToken);

    /// <summary>Synchronous twin of <see cref="ProbeAsync"/>.</summary>
    public bool Probe(Command command, CancellationToken cancellationToken = default) => Member(command).Probe(cancellationToken);

    private Command Member(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        ThrowIfDisposed();
        return command.InGroup(this);
    }
}

namespace ProcessKit.Testing;

/// <summary>
/// The runner a test's cassette records through: the given one, with the runs it makes not
/// reported as runs past the cassette (<see cref="TestCassetteSession"/> watches the test's flow
/// for real runs; those the cassette makes on purpose are its own). Each verb is an <c>async</c>
/// method, so pausing the watch ends with the call.
/// </summary>
/// <param name="inner">The runner that really runs what is recorded.</param>
internal sealed class CassetteInnerRunner(IProcessRunner inner) : IProcessRunner
{
    public ProcessPlacement? Placement => inner.Placement;

    public async Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default)
    {
        RealRunWatch.Pause();
        return await inner.OutputAsync(command, verb, cancellationToken).ConfigureAwait(false);
    }

    public async Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default)
    {
        RealRunWatch.Pause();
        return await inner.OutputBytesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default)
    {
        RealRunWatch.Pause();
        return await inner.StartAsync(command, cancellationToken).ConfigureAwait(false);
    }
}

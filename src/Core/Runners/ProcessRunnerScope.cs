namespace ProcessKit;

/// <summary>
/// An opt-in ambient override of the runner, for code that cannot take a runner as a parameter:
/// within <c>using (ProcessRunnerScope.Use(runner))</c>, every command without a runner of its own
/// (<see cref="Command.WithRunner"/>) runs through <c>runner</c>. The override flows with
/// the async context (an <see cref="AsyncLocal{T}"/>), so parallel tests each see their own, and
/// it is restored when the scope is disposed. Scopes nest.
/// </summary>
public sealed class ProcessRunnerScope : IDisposable
{
    private static readonly AsyncLocal<IProcessRunner?> Ambient = new();
    private readonly IProcessRunner? _previous;
    private readonly IProcessRunner _runner;
    private bool _disposed;

    private ProcessRunnerScope(IProcessRunner runner)
    {
        _runner = runner;
        _previous = Ambient.Value;
        Ambient.Value = runner;
    }

    /// <summary>The innermost active override in this async flow, or null.</summary>
    internal static IProcessRunner? Active => Ambient.Value;

    /// <summary>Makes <paramref name="runner"/> the ambient runner until the returned scope is disposed.</summary>
    /// <param name="runner">The runner commands without their own use inside the scope.</param>
    public static ProcessRunnerScope Use(IProcessRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return new ProcessRunnerScope(runner);
    }

    /// <summary>Restores the runner that was ambient when the scope began.</summary>
    /// <exception cref="InvalidOperationException">An inner scope of the same flow is still active (scopes must be disposed in reverse order).</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (!ReferenceEquals(Ambient.Value, _runner))
        {
            throw new InvalidOperationException("Runner scopes must be disposed innermost first: an inner ProcessRunnerScope is still active.");
        }

        _disposed = true;
        Ambient.Value = _previous;
    }
}

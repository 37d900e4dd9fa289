namespace ProcessKit.Testing.Tests.Cassettes.Infrastructure;

/// <summary>A logger for a runner that completes <see cref="Waiting"/> when the runner says it waits for a cassette's lock.</summary>
internal sealed class LockWaitSignal
{
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LockWaitSignal()
    {
        Logger = new CallbackLogger(message =>
        {
            if (message.StartsWith("Waiting for the lock", StringComparison.Ordinal))
            {
                _waiting.TrySetResult();
            }
        });
    }

    /// <summary>The logger to give the runner (<see cref="CassetteOptions.Logger"/>).</summary>
    public CallbackLogger Logger { get; }

    /// <summary>Completes when the runner waits for a lock.</summary>
    public Task Waiting => _waiting.Task;
}

namespace ProcessKit.Core.Tests.Engine;

/// <summary>The one-shot verbs of <see cref="Command"/>, async and sync, for theories that run each.</summary>
public enum Verb
{
    RunAsync,
    Run,
    OutputAsync,
    Output,
    OutputBytesAsync,
    OutputBytes,
    ExitCodeAsync,
    ExitCode,
    ProbeAsync,
    Probe,
}

internal static class Verbs
{
    public static TheoryData<Verb> All => new(Enum.GetValues<Verb>());

    /// <summary>The verbs that throw on a timeout (the others report it as data).</summary>
    public static bool ThrowsOnTimeout(this Verb verb) => verb is not (Verb.OutputAsync or Verb.Output or Verb.OutputBytesAsync or Verb.OutputBytes);

    /// <summary>
    /// Runs <paramref name="command"/> with <paramref name="verb"/>. A sync twin runs on a pool
    /// thread, so the test can cancel it (or wait for a readiness file) while it blocks.
    /// </summary>
    public static Task<object> InvokeAsync(this Command command, Verb verb, CancellationToken cancellationToken) => verb switch
    {
        Verb.RunAsync => Box(command.RunAsync(cancellationToken)),
        Verb.Run => Task.Run(() => (object)command.Run(cancellationToken), CancellationToken.None),
        Verb.OutputAsync => Box(command.OutputAsync(cancellationToken)),
        Verb.Output => Task.Run(() => (object)command.Output(cancellationToken), CancellationToken.None),
        Verb.OutputBytesAsync => Box(command.OutputBytesAsync(cancellationToken)),
        Verb.OutputBytes => Task.Run(() => (object)command.OutputBytes(cancellationToken), CancellationToken.None),
        Verb.ExitCodeAsync => Box(command.ExitCodeAsync(cancellationToken)),
        Verb.ExitCode => Task.Run(() => (object)command.ExitCode(cancellationToken), CancellationToken.None),
        Verb.ProbeAsync => Box(command.ProbeAsync(cancellationToken)),
        Verb.Probe => Task.Run(() => (object)command.Probe(cancellationToken), CancellationToken.None),
        _ => throw new ArgumentOutOfRangeException(nameof(verb)),
    };

    /// <summary>What a verb produced: its value, or the exception it threw.</summary>
    public static async Task<(object? Value, Exception? Error)> AttemptAsync(this Command command, Verb verb, CancellationToken cancellationToken)
    {
        try
        {
            // Bounded: a run that never ends fails its test instead of hanging the suite.
            return (await command.InvokeAsync(verb, cancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken), null);
        }
        catch (Exception e)
        {
            return (null, e);
        }
    }

    private static async Task<object> Box<T>(Task<T> task)
        where T : notnull => await task;
}

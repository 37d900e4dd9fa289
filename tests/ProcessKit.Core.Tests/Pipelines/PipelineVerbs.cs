using ProcessKit.Core.Tests.Engine;

namespace ProcessKit.Core.Tests.Pipelines;

/// <summary>The one-shot verbs of <see cref="Pipeline"/>, as <see cref="Verbs"/> runs those of <see cref="Command"/>.</summary>
internal static class PipelineVerbs
{
    /// <summary>Runs <paramref name="pipeline"/> with <paramref name="verb"/>; a sync twin runs on a pool thread.</summary>
    public static async Task<object> InvokeAsync(this Pipeline pipeline, Verb verb, CancellationToken cancellationToken) => verb switch
    {
        Verb.RunAsync => await pipeline.RunAsync(cancellationToken),
        Verb.Run => await Task.Run(() => pipeline.Run(cancellationToken), CancellationToken.None),
        Verb.OutputAsync => await pipeline.OutputAsync(cancellationToken),
        Verb.Output => await Task.Run(() => pipeline.Output(cancellationToken), CancellationToken.None),
        Verb.OutputBytesAsync => await pipeline.OutputBytesAsync(cancellationToken),
        Verb.OutputBytes => await Task.Run(() => pipeline.OutputBytes(cancellationToken), CancellationToken.None),
        Verb.ExitCodeAsync => await pipeline.ExitCodeAsync(cancellationToken),
        Verb.ExitCode => await Task.Run(() => pipeline.ExitCode(cancellationToken), CancellationToken.None),
        Verb.ProbeAsync => await pipeline.ProbeAsync(cancellationToken),
        Verb.Probe => await Task.Run(() => pipeline.Probe(cancellationToken), CancellationToken.None),
        _ => throw new ArgumentOutOfRangeException(nameof(verb)),
    };

    /// <summary>What a verb produced: its value, or the exception it threw (bounded, so a hang fails the test).</summary>
    public static async Task<(object? Value, Exception? Error)> AttemptAsync(this Pipeline pipeline, Verb verb, CancellationToken cancellationToken)
    {
        try
        {
            return (await pipeline.InvokeAsync(verb, cancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken), null);
        }
        catch (Exception e)
        {
            return (null, e);
        }
    }
}

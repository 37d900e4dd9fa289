namespace ProcessKit.Testing.Tests.Cassettes.Infrastructure;

/// <summary>Readiness on a started process's lines, and all of its lines.</summary>
internal static class ProcessLines
{
    /// <summary>Waits until a line containing <paramref name="text"/> arrives; fails, with the last lines, if the process ends first.</summary>
    public static async Task WaitForAsync(RunningProcess process, string text, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var observing = process.ObserveLines(line =>
        {
            if (line.Text.Contains(text, StringComparison.Ordinal))
            {
                seen.TrySetResult();
            }
        });
        await Task.WhenAny(seen.Task, process.Exited).WaitAsync(cancellationToken);
        Assert.True(seen.Task.IsCompleted, $"The process ended before it wrote '{text}':\n{string.Join('\n', process.RecentLines)}");
    }

    /// <summary>Every line of both streams, as <see cref="OutputLine.ToString"/> shows it, until the process has ended.</summary>
    public static async Task<List<string>> ReadAllAsync(RunningProcess process, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        await foreach (var line in process.Output.WithCancellation(cancellationToken))
        {
            lines.Add(line.ToString());
        }

        return lines;
    }
}

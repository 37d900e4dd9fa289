using System.Globalization;

namespace ProcessKit.Testing.MSTest;

/// <summary>
/// A runner bound to one test: it runs each command through an inner runner, cancelled by the
/// test's <see cref="TestContext.CancellationToken"/> as well as the caller's token, and writes the
/// command and its output to the test's output. Lines of a started process are read on a
/// background thread; they are written to the captured context explicitly, until the process exits
/// or the test ends.
/// </summary>
internal sealed class TestOutputRunner(IProcessRunner inner, ProcessKitTestScope scope) : IProcessRunner
{
    /// <summary>The most lines of each stream a finished command shows; the rest are counted.</summary>
    private const int MaxLinesPerStream = 200;

    public async Task<ProcessResult> OutputAsync(Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, scope.CancellationToken);
        scope.Write($"$ {command}");
        var result = await ReportingFailureAsync(() => inner.OutputAsync(command, linked.Token), command).ConfigureAwait(false);
        WriteLines(result.StandardOutput, "");
        WriteLines(result.StandardError, "[stderr] ");
        scope.Write(result.ToString());
        return result;
    }

    public async Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, scope.CancellationToken);
        scope.Write($"$ {command}");
        var result = await ReportingFailureAsync(() => inner.OutputBytesAsync(command, linked.Token), command).ConfigureAwait(false);
        scope.Write(string.Create(CultureInfo.InvariantCulture, $"{result} ({result.StandardOutput.Length} bytes of output, {result.StandardError.Length} of error)"));
        return result;
    }

    public async Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, scope.CancellationToken);
        var process = await ReportingFailureAsync(() => inner.StartAsync(command, linked.Token), command).ConfigureAwait(false);
        var prefix = string.Create(CultureInfo.InvariantCulture, $"[{Path.GetFileName(command.Program)} {process.Id}]");
        scope.Write($"{prefix} started: {command}");
        var observation = process.ObserveLines(
            line => scope.Write(line.Source == OutputSource.StandardError ? $"{prefix} [stderr] {line.Text}" : $"{prefix} {line.Text}"),
            includeRecent: true);
        scope.Track(observation);
        process.OnExit(result =>
        {
            observation.Dispose();
            scope.Write($"{prefix} {result.Status}");
        });
        return process;
    }

    private async Task<T> ReportingFailureAsync<T>(Func<Task<T>> run, Command command)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            scope.Write($"{command}: {e.GetType().Name}: {e.Message}");
            throw;
        }
    }

    private void WriteLines(string text, string prefix)
    {
        if (text.Length == 0)
        {
            return;
        }

        var lines = text.TrimEnd('\n').Split('\n');
        foreach (var line in lines.Take(MaxLinesPerStream))
        {
            scope.Write(prefix + line.TrimEnd('\r'));
        }

        if (lines.Length > MaxLinesPerStream)
        {
            scope.Write(string.Create(CultureInfo.InvariantCulture, $"{prefix}... {lines.Length - MaxLinesPerStream} more lines"));
        }
    }
}

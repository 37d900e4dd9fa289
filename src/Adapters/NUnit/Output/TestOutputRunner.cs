using System.Globalization;

namespace ProcessKit.Testing.NUnit;

/// <summary>
/// The ambient runner of a test under <see cref="ProcessKitTestAttribute"/>: runs each command
/// through the runner that was ambient before (the real one, a double, a cassette), cancels it
/// with the test's token as well as the caller's, and writes it to the test's output: the command
/// line first (so a hang shows what was running), then its output and how it ended; a started
/// process's lines as they are read, on the reading thread, straight into this test's channel.
/// </summary>
internal sealed class TestOutputRunner(IProcessRunner inner, TestSession session) : IProcessRunner
{
    /// <summary>The most lines of each stream of a finished command written to the test's output.</summary>
    internal const int MaxLinesPerStream = 100;

    /// <summary>The runner that runs the commands.</summary>
    internal IProcessRunner Inner => inner;

    public async Task<ProcessResult> OutputAsync(Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var link = session.Link(cancellationToken, out var token);
        var output = session.Output;
        output.WriteLine($"$ {command}");
        try
        {
            var result = await inner.OutputAsync(command, token).ConfigureAwait(false);
            WriteStream(output, result.StandardOutput, "");
            WriteStream(output, result.StandardError, "[stderr] ");
            output.WriteLine(Ending(result));
            return result;
        }
        catch (Exception e)
        {
            output.WriteLine($"  ({e.GetType().Name}: {FirstLine(e.Message)})");
            throw;
        }
    }

    public async Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var link = session.Link(cancellationToken, out var token);
        var output = session.Output;
        output.WriteLine($"$ {command}");
        try
        {
            var result = await inner.OutputBytesAsync(command, token).ConfigureAwait(false);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ({result.StandardOutput.Length} bytes of output)"));
            WriteStream(output, result.Encoding.GetString(result.StandardError.Span), "[stderr] ");
            output.WriteLine(Ending(result));
            return result;
        }
        catch (Exception e)
        {
            output.WriteLine($"  ({e.GetType().Name}: {FirstLine(e.Message)})");
            throw;
        }
    }

    public async Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var link = session.Link(cancellationToken, out var token);
        var output = session.Output;
        output.WriteLine($"$ {command} &");
        RunningProcess process;
        try
        {
            process = await inner.StartAsync(command, token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            output.WriteLine($"  ({e.GetType().Name}: {FirstLine(e.Message)})");
            throw;
        }

        var label = $"{Path.GetFileName(command.Program)} {process.Id.ToString(CultureInfo.InvariantCulture)}";
        var relay = process.ObserveLines(
            line => output.WriteLine(line.Source == OutputSource.StandardError ? $"[{label} stderr] {line.Text}" : $"[{label}] {line.Text}"),
            includeRecent: true);
        process.OnExit(result =>
        {
            relay.Dispose();
            output.WriteLine($"[{label}] {result.Status}");
        });
        session.OnEnd((_, _) => relay.Dispose());
        return process;
    }

    private static void WriteStream(TestOutputChannel output, string text, string prefix)
    {
        if (text.Length == 0)
        {
            return;
        }

        var lines = text.TrimEnd('\n').Split('\n');
        foreach (var line in lines.Take(MaxLinesPerStream))
        {
            output.WriteLine("  " + prefix + line.TrimEnd('\r'));
        }

        if (lines.Length > MaxLinesPerStream)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {prefix}... {lines.Length - MaxLinesPerStream} more lines"));
        }
    }

    private static string Ending(ProcessOutcome result) =>
        string.Create(CultureInfo.InvariantCulture, $"  ({result.Status}, {result.Duration.TotalMilliseconds:0} ms)");

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end].TrimEnd('\r');
    }
}

using System.Threading.Channels;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// A line handler whose lines a test can await one by one: the readiness signal of a child that
/// prints "ready" (or its pid) and goes on running.
/// </summary>
internal sealed class LineCollector
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    public LineCollector()
    {
        Target = OutputTarget.ToLineHandler(line => _lines.Writer.TryWrite(line));
    }

    /// <summary>The output target that feeds this collector.</summary>
    public OutputTarget Target { get; }

    /// <summary>The next line, waiting for it at most <see cref="ProcessAssert.WaitLimit"/>.</summary>
    public async Task<string> NextAsync() =>
        await _lines.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(ProcessAssert.WaitLimit, TestContext.Current.CancellationToken);
}

using NUnit.Framework;

namespace ProcessKit.Testing.NUnit;

/// <summary>
/// NUnit's diagnostic channel (<see cref="TestContext.Progress"/>, shown at once by the runner) for
/// output that belongs to no test: a shared server's startup in <c>[OneTimeSetUp]</c>, its log
/// between tests. <see cref="TestContext.Progress"/> finds its listener through the ambient test
/// context, which a pipe-reading thread lacks (a write there is dropped), so the context of the
/// thread that created this channel is captured and every write runs in it.
/// </summary>
internal sealed class DiagnosticOutput
{
    private readonly ExecutionContext? _context;

    private DiagnosticOutput(ExecutionContext? context) => _context = context;

    /// <summary>A channel bound to the calling thread's test context (call it from NUnit's own thread).</summary>
    internal static DiagnosticOutput Capture() => new(ExecutionContext.Capture());

    /// <summary>Writes one line to <see cref="TestContext.Progress"/> within the captured context.</summary>
    internal void WriteLine(string line)
    {
        if (_context is null)
        {
            TestContext.Progress.WriteLine(line);
            return;
        }

        ExecutionContext.Run(_context, static state => TestContext.Progress.WriteLine((string)state!), line);
    }
}

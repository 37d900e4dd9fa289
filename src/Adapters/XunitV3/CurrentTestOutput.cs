namespace ProcessKit.Testing.XunitV3;

/// <summary>
/// The running xunit.v3 test's output, for lines that arrive on threads the test does not own.
/// xunit.v3 finds a test's output through <c>TestContext.Current</c>, which flows with the
/// test's async calls but not to the threads that read a child's pipes: a line written there
/// through <c>TestContext.Current</c> is lost. These helpers capture the test's output while the
/// test runs and write to it explicitly, from any thread.
/// </summary>
public static class CurrentTestOutput
{
    /// <summary>
    /// Captures the output of the test running now and returns a sink that writes one line to it
    /// from any thread: for <see cref="RunningProcess.ObserveLines"/>, a server's
    /// <c>ServerLog.AddSink</c>, or a callback of your own. Lines written after the test has
    /// finished are dropped (xunit closes a test's output when it ends).
    /// </summary>
    /// <returns>The sink.</returns>
    /// <exception cref="InvalidOperationException">No test is running in this async flow (for example in a fixture's <c>InitializeAsync</c>).</exception>
    public static Action<string> Sink()
    {
        var output = TestOutputChannel.Current(nameof(Sink));
        return output.WriteLine;
    }

    /// <summary>
    /// Relays every line <paramref name="process"/> writes to the output of the test running now,
    /// as it is read: first the lines it already wrote (<see cref="RunningProcess.RecentLines"/>),
    /// then each new one, standard error marked <c>[stderr]</c>, each after <paramref name="prefix"/>.
    /// It stops when the handle is disposed, the process's output ends, or the test has finished.
    /// </summary>
    /// <param name="process">A started process.</param>
    /// <param name="prefix">Put before every line (for example <c>"[worker] "</c>); nothing when null.</param>
    /// <returns>Dispose it to stop relaying.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="process"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No test is running in this async flow.</exception>
    public static IDisposable RelayToCurrentTest(this RunningProcess process, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(process);
        var output = TestOutputChannel.Current(nameof(RelayToCurrentTest));
        var relay = new ProcessLineRelay(output, prefix ?? "");
        relay.Observe(process);
        return relay;
    }

    /// <summary>Relays a process's lines to one test's output; drops itself once that test has finished.</summary>
    private sealed class ProcessLineRelay(TestOutputChannel output, string prefix) : IDisposable
    {
        private readonly Lock _gate = new();
        private IDisposable? _observation;
        private bool _stopped;

        public void Observe(RunningProcess process)
        {
            var observation = process.ObserveLines(Relay, includeRecent: true);
            lock (_gate)
            {
                if (!_stopped)
                {
                    _observation = observation;
                    return;
                }
            }

            observation.Dispose();
        }

        public void Dispose()
        {
            IDisposable? observation;
            lock (_gate)
            {
                _stopped = true;
                observation = _observation;
                _observation = null;
            }

            observation?.Dispose();
        }

        private void Relay(OutputLine line)
        {
            if (!output.TryWriteLine(prefix + line))
            {
                Dispose();
            }
        }
    }
}

namespace ProcessKit.Testing.NUnit;

/// <summary>
/// The sink a shared server's log is relayed through: each line goes to the output of every test
/// using the server at that moment, and to NUnit's diagnostic channel when no test is (startup in
/// <c>[OneTimeSetUp]</c>, the time between tests). Called on the thread that read the line.
/// </summary>
internal sealed class ServerOutputRouter(DiagnosticOutput diagnostic)
{
    private readonly Lock _gate = new();
    private readonly List<TestOutputChannel> _tests = [];

    /// <summary>Routes later lines to <paramref name="test"/> (too) until <see cref="Detach"/>.</summary>
    internal void Attach(TestOutputChannel test)
    {
        lock (_gate)
        {
            if (!_tests.Contains(test))
            {
                _tests.Add(test);
            }
        }
    }

    /// <summary>Stops routing lines to <paramref name="test"/>.</summary>
    internal void Detach(TestOutputChannel test)
    {
        lock (_gate)
        {
            _tests.Remove(test);
        }
    }

    /// <summary>Relays one formatted log line.</summary>
    internal void Relay(string line)
    {
        TestOutputChannel[] tests;
        lock (_gate)
        {
            tests = [.. _tests];
        }

        if (tests.Length == 0)
        {
            diagnostic.WriteLine(line);
            return;
        }

        foreach (var test in tests)
        {
            test.WriteLine(line);
        }
    }
}

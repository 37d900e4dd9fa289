using Xunit;

namespace ProcessKit.Testing.XunitV3;

/// <summary>
/// What the adapter knows about one running test: its output channel and the server fixtures it
/// takes, with their logs routed to it until it ends. Begun and ended by
/// <see cref="ProcessKitTestAttribute"/>, which keeps it under the test's unique id (xunit may end
/// a test in another async flow than the one that began it).
/// </summary>
internal sealed class TestSession
{
    private readonly List<IServerFixture> _fixtures;
    private readonly List<IDisposable> _routes;

    private TestSession(List<IServerFixture> fixtures, TestOutputChannel output)
    {
        _fixtures = fixtures;
        Output = output;
        _routes = [.. fixtures.Select(fixture => fixture.Attach(output))];
    }

    /// <summary>The test's output, writable from any thread until the test ends.</summary>
    internal TestOutputChannel Output { get; }

    /// <summary>Starts the session: each fixture's log goes to <paramref name="output"/> from now on.</summary>
    internal static TestSession Begin(List<IServerFixture> fixtures, TestOutputChannel output) => new(fixtures, output);

    /// <summary>Stops routing the servers' logs to the test; when it failed, attaches each server's last log lines to its result.</summary>
    /// <param name="failed">Whether the test failed.</param>
    /// <param name="testName">The test's display name, for the attachments' first line.</param>
    internal void End(bool failed, string testName)
    {
        foreach (var route in _routes)
        {
            route.Dispose();
        }

        if (!failed)
        {
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fixture in _fixtures)
        {
            if (fixture.StartedServer is not { } server)
            {
                continue;
            }

            var name = ServerLogAttachment.Name(server);
            for (var number = 2; !names.Add(name); number++)
            {
                name = $"{server.Name} ({number}).log";
            }

            TestContext.Current.AddAttachment(name, ServerLogAttachment.Text(server, fixture.AttachedLogLines, testName));
        }
    }
}

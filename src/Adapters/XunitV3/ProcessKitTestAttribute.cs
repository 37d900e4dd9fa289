using System.Collections.Concurrent;
using System.Reflection;
using Xunit;
using Xunit.v3;

namespace ProcessKit.Testing.XunitV3;

/// <summary>
/// Connects every test to the <see cref="ServerFixture{TServer}"/>s its class's constructor
/// takes (class, collection or assembly fixtures): before the test, a fixture whose start failed
/// fails the test with the start's own exception (or skips it, naming the package, when the
/// server's program is missing); while the test runs, the servers' log lines, read on background
/// threads, are written to the test's output; when the test fails, each server's last log lines
/// are attached to its result. Apply it once, usually to the assembly:
/// <c>[assembly: ProcessKitTest]</c>.
/// </summary>
/// <remarks>
/// Tests that share an assembly fixture run in parallel: each of them gets the lines the server
/// writes during its run. Without this attribute the fixtures still work (a failed start surfaces
/// when a test reads <see cref="ServerFixture{TServer}.Server"/>), and their logs go to
/// xunit's diagnostic messages only.
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class ProcessKitTestAttribute : BeforeAfterTestAttribute
{
    // xunit shares one attribute instance between the tests it applies to, which may run in
    // parallel: what each test attached is kept under the test's unique id.
    private readonly ConcurrentDictionary<string, TestSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Fails or skips the test if a server it uses did not start; otherwise relays the servers' logs to its output.</summary>
    /// <param name="methodUnderTest">The test method.</param>
    /// <param name="test">The test.</param>
    /// <exception cref="ArgumentNullException"><paramref name="test"/> is null.</exception>
    /// <exception cref="Exception">A server's startup exception: the test fails with it (or is skipped when the program is missing).</exception>
    public override void Before(MethodInfo methodUnderTest, IXunitTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var fixtures = FixturesOf(test);
        foreach (var fixture in fixtures)
        {
            fixture.EnsureAvailable();
        }

        if (fixtures.Count == 0 || TestOutputChannel.TryCurrent() is not { } output)
        {
            return;
        }

        _sessions[test.UniqueID] = TestSession.Begin(fixtures, output);
    }

    /// <summary>Stops relaying to the test; when it failed, attaches each server's last log lines to its result.</summary>
    /// <param name="methodUnderTest">The test method.</param>
    /// <param name="test">The test.</param>
    /// <exception cref="ArgumentNullException"><paramref name="test"/> is null.</exception>
    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (_sessions.TryRemove(test.UniqueID, out var session))
        {
            session.End(TestContext.Current.TestState?.Result == TestResult.Failed, test.TestDisplayName);
        }
    }

    /// <summary>The server fixtures the test's class takes in its constructor, as xunit made them for this test.</summary>
    private static List<IServerFixture> FixturesOf(IXunitTest test)
    {
        var constructor = test.TestMethod.TestClass.Class.GetConstructors().FirstOrDefault(c => !c.IsStatic);
        if (constructor is null)
        {
            return [];
        }

        var fixtures = new List<IServerFixture>();
        foreach (var parameter in constructor.GetParameters().Where(p => typeof(IServerFixture).IsAssignableFrom(p.ParameterType)))
        {
            // The class was constructed with its fixtures before this runs, so xunit has them
            // made and answers at once.
            if (TestContext.Current.GetFixture(parameter.ParameterType).AsTask().GetAwaiter().GetResult() is IServerFixture fixture)
            {
                fixtures.Add(fixture);
            }
        }

        return fixtures;
    }
}

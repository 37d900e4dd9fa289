using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace ProcessKit.Testing.NUnit;

/// <summary>The cassette of the test running in this async flow, opened by <see cref="CassetteAttribute"/>.</summary>
public static class TestCassette
{
    private static readonly AsyncLocal<Active?> Ambient = new();

    /// <summary>
    /// The current test's record/replay runner (the ambient runner of the test runs through it): hand it to
    /// code that takes an <see cref="IProcessRunner"/>, or read its <see cref="RecordReplayRunner.CassettePath"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The current test has no <see cref="CassetteAttribute"/>.</exception>
    public static RecordReplayRunner Current => Ambient.Value?.Session.Runner
        ?? throw new InvalidOperationException("This test has no cassette: put [Cassette] on the test method or its class.");

    /// <summary>Makes <paramref name="session"/>'s cassette the test's until <see cref="End"/>.</summary>
    internal static void Begin(ITest test, TestCassetteSession session) =>
        Ambient.Value = new Active(test.Id, session, Ambient.Value);

    /// <summary>Ends the test's cassette: saved if the test passed; warnings go to the test's output.</summary>
    /// <exception cref="CassetteBypassedException">The test is strict and got past its cassette.</exception>
    internal static void End(ITest test)
    {
        if (Ambient.Value is not { } active || active.TestId != test.Id)
        {
            return;
        }

        try
        {
            var passed = TestContext.CurrentContext.Result.Outcome.Status is TestStatus.Passed or TestStatus.Warning;
            var output = TestSession.Current is { } session && session.TestId == test.Id ? (Action<string>)session.Output.WriteLine : TestContext.Out.WriteLine;
            active.Session.EndAsync(passed, output).GetAwaiter().GetResult();
        }
        finally
        {
            Ambient.Value = active.Previous;
        }
    }

    private sealed record Active(string TestId, TestCassetteSession Session, Active? Previous);
}

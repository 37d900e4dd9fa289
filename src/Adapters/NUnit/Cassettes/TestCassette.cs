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
    public static RecordReplayRunner Current => Ambient.Value?.Runner
        ?? throw new InvalidOperationException("The current test has no cassette: put [Cassette] on the test or its fixture.");

    /// <summary>Makes <paramref name="ambient"/> (the cassette's <paramref name="runner"/>, relayed or not) the test's runner until <see cref="End"/>.</summary>
    internal static void Begin(ITest test, RecordReplayRunner runner, IProcessRunner ambient)
    {
        var scope = ProcessRunnerScope.Use(ambient);
        Ambient.Value = new Active(test.Id, runner, scope, Ambient.Value);
    }

    internal static void End(ITest test)
    {
        if (Ambient.Value is not { } active || active.TestId != test.Id)
        {
            return;
        }

        try
        {
            if (TestContext.CurrentContext.Result.Outcome.Status is not (TestStatus.Passed or TestStatus.Warning))
            {
                active.Runner.MarkFailed();
            }

            active.Runner.Dispose();
        }
        finally
        {
            Ambient.Value = active.Previous;
            active.Scope.Dispose();
        }
    }

    private sealed record Active(string TestId, RecordReplayRunner Runner, ProcessRunnerScope Scope, Active? Previous);
}

using System.Collections.Concurrent;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Integration.NUnit.Infrastructure;

/// <summary>
/// Runs one fixture of the Scenarios assembly in a nested NUnit run and keeps what NUnit reported:
/// each test's result (state, message, output, attachments) and the immediate output written to
/// <c>TestContext.Progress</c>. The nested run starts from an empty execution context, so nothing
/// of the calling test (its ProcessKit session, its ambient runner) leaks into it.
/// </summary>
internal sealed class ScenarioRun : ITestListener
{
    private readonly ConcurrentQueue<TestOutput> _outputs = new();
    private ITestResult? _result;

    private ScenarioRun()
    {
    }

    /// <summary>Everything the scenarios wrote to <c>TestContext.Progress</c> (NUnit's diagnostic channel).</summary>
    public string Progress => string.Concat(_outputs.Where(o => o.Stream == "Progress").Select(o => o.Text));

    /// <summary>Runs the tests of <typeparamref name="TFixture"/> with <paramref name="workers"/> parallel workers.</summary>
    public static async Task<ScenarioRun> RunAsync<TFixture>(int workers = 1)
    {
        var run = new ScenarioRun();
        Task<ITestResult> running;
        using (ExecutionContext.SuppressFlow())
        {
            running = Task.Run(() =>
            {
                var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
                runner.Load(typeof(TFixture).Assembly, new Dictionary<string, object> { [global::NUnit.FrameworkPackageSettings.NumberOfTestWorkers] = workers });
                return runner.Run(run, TestFilter.FromXml($"<filter><class>{typeof(TFixture).FullName}</class></filter>"));
            });
        }

        run._result = await running;
        return run;
    }

    /// <summary>The result of the test named <paramref name="name"/> (with its arguments, as NUnit names it).</summary>
    public ITestResult Test(string name) =>
        Leaves(_result!).SingleOrDefault(r => r.Name == name)
        ?? throw new InvalidOperationException($"The scenario run has no test named '{name}'; it has: {string.Join(", ", Leaves(_result!).Select(r => r.Name))}.");

    /// <summary>Every test result of the run.</summary>
    public IReadOnlyList<ITestResult> Tests => [.. Leaves(_result!)];

    void ITestListener.TestStarted(ITest test)
    {
    }

    void ITestListener.TestFinished(ITestResult result)
    {
    }

    void ITestListener.TestOutput(TestOutput output) => _outputs.Enqueue(output);

    void ITestListener.SendMessage(TestMessage message)
    {
    }

    private static IEnumerable<ITestResult> Leaves(ITestResult result) =>
        result.HasChildren ? result.Children.SelectMany(Leaves) : result.Test.IsSuite ? [] : [result];
}

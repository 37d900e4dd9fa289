using System.Runtime.CompilerServices;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace ProcessKit.Testing.NUnit;

/// <summary>
/// Gives each test it applies to (a test, or every test of a fixture) its own cassette: a
/// <see cref="RecordReplayRunner"/> made ambient for the test (<see cref="ProcessRunnerScope"/>),
/// so every command the test runs without a runner of its own is replayed from, or recorded into,
/// <c>Cassettes/Class/Method.json</c> beside the test's source file; the fixture's and the test's
/// arguments are part of the name (<c>Cassettes/GitTests/Log(3, main).json</c>). The runner is
/// also <see cref="TestCassette.Current"/>, to hand to code that takes a runner.
/// </summary>
/// <remarks>
/// What was recorded is saved when the test ends, only if it passed: a failed, ignored or
/// inconclusive test never leaves a half-recorded cassette. A save that fails (a lock held too long,
/// an unwritable folder) fails the test. A command the test ran past the cassette with the real
/// runner (code that took <see cref="ProcessRunner.Default"/>, from DI for example), or a cassette
/// that recorded and replayed nothing, is reported by a warning in the test's output, or fails the
/// test when it is <see cref="Strict"/>. The <c>PROCESSKIT_CASSETTE_MODE</c> environment variable
/// overrides <see cref="Mode"/>, so CI can run <c>replay-only</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class CassetteAttribute : Attribute, ITestAction
{
    private readonly string _sourceFile;

    /// <summary>Gives the tests their cassettes in <see cref="Directory"/> beside <paramref name="sourceFile"/>.</summary>
    /// <param name="sourceFile">The test's source file; filled in by the compiler.</param>
    public CassetteAttribute([CallerFilePath] string sourceFile = "") => _sourceFile = sourceFile;

    /// <summary>When to replay and when to record; <see cref="CassetteMode.Once"/> by default (overridden by <c>PROCESSKIT_CASSETTE_MODE</c>).</summary>
    public CassetteMode Mode { get; set; } = CassetteMode.Once;

    /// <summary>The cassette folder, relative to the directory of the test's source file (or absolute); <c>Cassettes</c> by default.</summary>
    public string Directory { get; set; } = TestCassetteSession.DefaultDirectory;

    /// <summary>
    /// Whether a test that ran commands past its cassette (with the real runner), or whose cassette
    /// recorded and replayed nothing, fails with <see cref="CassetteBypassedException"/> rather than
    /// only a warning in its output; false by default. <c>PROCESSKIT_CASSETTE_STRICT=1</c> makes
    /// every cassette test strict.
    /// </summary>
    public bool Strict { get; set; }

    /// <summary>Applies to each test, not to suites.</summary>
    public ActionTargets Targets => ActionTargets.Test;

    /// <summary>Opens the test's cassette and makes its runner ambient.</summary>
    /// <param name="test">The test about to run.</param>
    /// <exception cref="ArgumentException"><see cref="Directory"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">The source file's folder cannot be found, or <c>PROCESSKIT_CASSETTE_MODE</c> is not a mode.</exception>
    public void BeforeTest(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var directory = TestSourceDirectory.CassetteFolder(Directory, _sourceFile, TestContext.CurrentContext.TestDirectory);
        var session = TestSession.Current is { } current && current.TestId == test.Id ? current : null;

        // Under [ProcessKitTest], replayed and recorded commands alike are written to the test's output, once.
        TestCassette.Begin(test, TestCassetteSession.Begin(
            directory,
            CassetteName(test),
            new CassetteOptions { Mode = Mode, Runner = session?.RunnerBelowRelay ?? ProcessRunner.Current },
            Strict,
            runner => session?.Relay(runner) ?? runner));
    }

    /// <summary>Saves the cassette if the test passed, discards the recording otherwise, restores the ambient runner, and warns (or fails a strict test) when the test got past its cassette.</summary>
    /// <param name="test">The test that has run.</param>
    /// <exception cref="CassetteBypassedException">The test is strict and got past its cassette.</exception>
    public void AfterTest(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        TestCassette.End(test);
    }

    /// <summary>The cassette name of <paramref name="test"/>, by <see cref="TestCassetteNaming"/>'s rule, with the fixture's arguments too.</summary>
    private static string CassetteName(ITest test)
    {
        var type = test.TypeInfo?.Type ?? throw new InvalidOperationException($"The test '{test.FullName}' has no fixture class to name its cassette after.");
        var method = test.MethodName ?? throw new InvalidOperationException($"'{test.FullName}' is not a test method, so it has no cassette of its own.");
        return TestCassetteNaming.Name(TestCassetteNaming.ClassName(type), FixtureOf(test)?.Arguments ?? [], method, test.Arguments);
    }

    private static ITest? FixtureOf(ITest test)
    {
        for (var parent = test.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.IsSuite && parent.TypeInfo is not null && parent.MethodName is null)
            {
                return parent;
            }
        }

        return null;
    }
}

using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit;
using Xunit.v3;

namespace ProcessKit.Testing.XunitV3;

/// <summary>
/// Gives each test its own cassette: before the test, a <see cref="RecordReplayRunner"/> for the
/// file <c>Cassettes/Class/Method.json</c> (<c>Method(arg1, arg2).json</c> for a theory row) in
/// the folder of the test's source file; during the test, that runner is the ambient runner, so
/// every command without a runner of its own records or replays through it (and
/// <see cref="TestCassette.Current"/> returns it); after the test, it is disposed, which saves what
/// was recorded, unless the test failed or was skipped: a half-recorded cassette is never saved.
/// A command the test ran past the cassette with the real runner (code that took
/// <see cref="ProcessRunner.Default"/>, from DI for example), or a cassette that recorded and
/// replayed nothing, is reported by a warning in the test's output, or fails the test when it is
/// <see cref="Strict"/>.
/// </summary>
/// <remarks>
/// The mode is <see cref="Mode"/> (<see cref="CassetteMode.Once"/> unless set); the
/// <c>PROCESSKIT_CASSETTE_MODE</c> environment variable overrides it, so CI can insist on
/// <c>replay-only</c> and a developer can re-record with <c>record-all</c>. Derive from it to give
/// the cassettes other options (secrets, replacements, matching) or another folder.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public class CassetteAttribute : BeforeAfterTestAttribute
{
    // xunit shares one attribute instance between the tests it applies to, which may run in
    // parallel: each test's cassette is kept under the test's unique id.
    private readonly ConcurrentDictionary<string, TestCassetteSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Gives each test a cassette beside <paramref name="sourceFilePath"/>.</summary>
    /// <param name="sourceFilePath">The test's source file; the compiler fills it in.</param>
    public CassetteAttribute([CallerFilePath] string sourceFilePath = "")
    {
        SourceFilePath = sourceFilePath;
    }

    /// <summary>The source file the attribute was applied in; the cassettes live beside it.</summary>
    public string SourceFilePath { get; }

    /// <summary>When to replay and when to record; <see cref="CassetteMode.Once"/> by default. <c>PROCESSKIT_CASSETTE_MODE</c> overrides it.</summary>
    public CassetteMode Mode { get; set; } = CassetteMode.Once;

    /// <summary>The folder of cassettes, relative to the folder of the source file (or absolute); <c>Cassettes</c> by default.</summary>
    public string Directory { get; set; } = TestCassetteSession.DefaultDirectory;

    /// <summary>
    /// Whether a test that ran commands past its cassette (with the real runner), or whose cassette
    /// recorded and replayed nothing, fails with <see cref="CassetteBypassedException"/> rather than
    /// only a warning in its output; false by default. <c>PROCESSKIT_CASSETTE_STRICT=1</c> makes
    /// every cassette test strict.
    /// </summary>
    public bool Strict { get; set; }

    /// <summary>Opens the test's cassette and makes it the ambient runner.</summary>
    /// <param name="methodUnderTest">The test method.</param>
    /// <param name="test">The test.</param>
    /// <exception cref="ArgumentNullException"><paramref name="test"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><c>PROCESSKIT_CASSETTE_MODE</c> holds something that is not a mode.</exception>
    /// <exception cref="ArgumentException">An option is invalid, or the source file path is empty.</exception>
    public override void Before(MethodInfo methodUnderTest, IXunitTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var session = TestCassetteSession.Begin(GetCassetteDirectory(test), CassetteName(test), CreateOptions(test), Strict);
        TestCassette.Use(session.Runner);
        _sessions[test.UniqueID] = session;
    }

    /// <summary>Ends the cassette: saved when the test passed, discarded otherwise; warns in the test's output (or fails a strict test) when the test got past its cassette.</summary>
    /// <param name="methodUnderTest">The test method.</param>
    /// <param name="test">The test.</param>
    /// <exception cref="ArgumentNullException"><paramref name="test"/> is null.</exception>
    /// <exception cref="IOException">The cassette could not be written (the test then fails).</exception>
    /// <exception cref="CassetteLockTimeoutException">Another writer held the cassette too long.</exception>
    /// <exception cref="CassetteBypassedException">The test is strict and got past its cassette.</exception>
    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (!_sessions.TryRemove(test.UniqueID, out var session))
        {
            return;
        }

        TestCassette.Use(null);
        var output = TestOutputChannel.TryCurrent();

        // After is synchronous in xunit.v3: the save waits here.
        session.EndAsync(TestContext.Current.TestState?.Result == TestResult.Passed, line => output?.WriteLine(line)).GetAwaiter().GetResult();
    }

    /// <summary>The folder of the test's cassettes: <see cref="Directory"/> in the folder of <see cref="SourceFilePath"/>.</summary>
    /// <param name="test">The test.</param>
    /// <returns>An absolute folder.</returns>
    protected virtual string GetCassetteDirectory(IXunitTest test) =>
        TestSourceDirectory.CassetteFolder(Directory, SourceFilePath, AppContext.BaseDirectory);

    /// <summary>The cassette name of <paramref name="test"/> by <see cref="TestCassetteNaming"/>'s rule: <c>Class/Method</c>, with a theory row's arguments.</summary>
    internal static string CassetteName(IXunitTest test) =>
        TestCassetteNaming.Name(TestCassetteNaming.ClassName(test.TestMethod.TestClass.Class), [], test.TestMethod.Method.Name, test.TestMethodArguments);

    /// <summary>The options of the test's cassette: <see cref="Mode"/> and the defaults. Override to add secrets, replacements or matching rules.</summary>
    /// <param name="test">The test.</param>
    /// <returns>The options.</returns>
    protected virtual CassetteOptions CreateOptions(IXunitTest test) => new() { Mode = Mode };
}

using System.Reflection;
using System.Runtime.CompilerServices;

namespace ProcessKit.Testing.MSTest;

/// <summary>
/// A base for MSTest test classes that use ProcessKit: each test gets a
/// <see cref="TestSession"/> (made in <c>[TestInitialize]</c>, completed in
/// <c>[TestCleanup]</c>, where MSTest knows the outcome) and short names for what it offers:
/// <see cref="Use{TServer}"/> for shared servers, <see cref="StartServerAsync{TServer}"/> for a
/// server of its own, <see cref="Runner"/> and <see cref="CancellationToken"/> for commands,
/// <see cref="Cassette"/> for a test marked <see cref="CassetteAttribute"/>. A derived class's own
/// <c>[TestInitialize]</c> runs after this one, and its <c>[TestCleanup]</c> before this one.
/// </summary>
public abstract class ProcessKitTest
{
    private TestSession? _session;

    /// <summary>The test's context; MSTest sets it before each test.</summary>
    public TestContext TestContext { get; set; } = null!;

    /// <summary>The current test's session.</summary>
    /// <exception cref="InvalidOperationException">Read outside a test (before <c>[TestInitialize]</c>).</exception>
    protected TestSession Session =>
        _session ?? throw new InvalidOperationException("The ProcessKit session exists only while a test runs, from the base class's [TestInitialize] to its [TestCleanup].");

    /// <summary>The test's token: cancelled when the test times out or the run is aborted.</summary>
    protected CancellationToken CancellationToken => TestContext.CancellationToken;

    /// <summary>The real runner bound to this test: see <see cref="TestSession.Runner"/>.</summary>
    protected IProcessRunner Runner => Session.Runner;

    /// <summary>The cassette that <see cref="CassetteAttribute"/> gave this test.</summary>
    /// <exception cref="InvalidOperationException">Neither the test method nor its class has <see cref="CassetteAttribute"/>.</exception>
    protected RecordReplayRunner Cassette =>
        Session.Cassette ?? throw new InvalidOperationException($"The test {TestContext.TestName} has no cassette: mark it (or its class) with [Cassette], or call UseCassette().");

    /// <summary>Makes the test's session, and its cassette when the test or its class has <see cref="CassetteAttribute"/>.</summary>
    [TestInitialize]
    public void BeginProcessKitTest()
    {
        _session = new TestSession(TestContext);
        if (FindCassetteAttribute() is { } cassette)
        {
            _session.BeginCassette(new CassetteOptions { Mode = cassette.Mode }, cassette.Directory, cassette.Strict, cassette.SourceFilePath);
        }
    }

    /// <summary>Completes the test's session: see <see cref="TestSession.CompleteAsync"/>.</summary>
    [TestCleanup]
    public Task CompleteProcessKitTestAsync() => _session?.CompleteAsync() ?? Task.CompletedTask;

    /// <summary>The shared server of <paramref name="fixture"/> for this test: see <see cref="TestSession.Use{TServer}"/>.</summary>
    /// <exception cref="AssertInconclusiveException">The server's program is not installed (the test is skipped).</exception>
    /// <exception cref="Exception">The fixture's start failed: its real exception is rethrown.</exception>
    protected TServer Use<TServer>(ServerFixture<TServer> fixture)
        where TServer : HelperServer => Session.Use(fixture);

    /// <summary>Starts a server for this test alone: see <see cref="TestSession.StartServerAsync{TServer}"/>.</summary>
    /// <exception cref="AssertInconclusiveException">The server's program is not installed (the test is skipped).</exception>
    protected Task<TServer> StartServerAsync<TServer>(TServer server)
        where TServer : HelperServer => Session.StartServerAsync(server);

    /// <summary>Gives this test its own cassette: see <see cref="TestSession.UseCassette"/>.</summary>
    /// <exception cref="InvalidOperationException">The test already has a cassette (from <see cref="CassetteAttribute"/>, for example).</exception>
    protected RecordReplayRunner UseCassette(CassetteOptions? options = null, [CallerFilePath] string sourceFilePath = "") =>
        Session.UseCassette(options, sourceFilePath);

    /// <summary>The test method's <see cref="CassetteAttribute"/>, else its class's, else null.</summary>
    private CassetteAttribute? FindCassetteAttribute()
    {
        var methods = GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(method => method.Name == TestContext.TestName);
        return methods.Select(method => method.GetCustomAttribute<CassetteAttribute>(inherit: true)).FirstOrDefault(attribute => attribute is not null)
            ?? GetType().GetCustomAttribute<CassetteAttribute>(inherit: true);
    }
}

namespace ProcessKit.Testing.MSTest;

/// <summary>
/// The cassette of the test running in this async flow, made by <see cref="CassetteAttribute"/>
/// (or <see cref="TestSession.UseCassette"/>): for code that takes
/// a runner as a parameter, or to look at the cassette (<see cref="RecordReplayRunner.CassettePath"/>).
/// Commands without a runner of their own use it anyway: it is the ambient runner
/// (<see cref="ProcessRunner.Current"/>) while the test runs.
/// </summary>
public static class TestCassette
{
    private static readonly AsyncLocal<RecordReplayRunner?> Active = new();

    /// <summary>The running test's cassette runner.</summary>
    /// <exception cref="InvalidOperationException">The running test has no cassette (or this is not the test's async flow).</exception>
    public static RecordReplayRunner Current =>
        Active.Value ?? throw new InvalidOperationException("This test has no cassette: put [Cassette] on the test method or its class.");

    /// <summary>Makes <paramref name="runner"/> the current cassette of this async flow.</summary>
    internal static void Use(RecordReplayRunner runner) => Active.Value = runner;
}

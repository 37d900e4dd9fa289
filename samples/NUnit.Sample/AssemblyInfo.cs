using ProcessKit.Testing.NUnit;

// Server logs and command output in each test's own output, log tails attached to failed tests,
// the test's cancellation token in every command. Fixtures run in parallel: every server gets its
// own free ports.
[assembly: ProcessKitTest]
[assembly: Parallelizable(ParallelScope.Fixtures)]

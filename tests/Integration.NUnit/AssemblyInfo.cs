using ProcessKit.Testing.NUnit;

// Every test gets its ProcessKit session (server logs and command output in its own output, log
// tails attached when it fails, its token in every command), and fixtures run in parallel: each
// starts servers on its own free ports, and tests within a fixture opt in where they share safely.
[assembly: ProcessKitTest]
[assembly: Parallelizable(ParallelScope.Fixtures)]

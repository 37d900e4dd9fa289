using ProcessKit.Testing.NUnit;

// Every scenario test gets its ProcessKit session, as a user's assembly would.
[assembly: ProcessKitTest]

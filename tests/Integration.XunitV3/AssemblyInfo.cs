using ProcessKit.Testing.XunitV3;

// Every test that takes a server fixture gets the server's log in its output, its tail attached
// when it fails, and the fixture's startup failure as its own.
[assembly: ProcessKitTest]

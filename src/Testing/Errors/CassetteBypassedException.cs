namespace ProcessKit.Testing;

/// <summary>
/// A strict cassette test (the adapters' <c>[Cassette(Strict = true)]</c>, or
/// <c>PROCESSKIT_CASSETTE_STRICT=1</c>) ran commands past its cassette with the real runner, or its
/// cassette recorded and replayed nothing: the test passed without its cassette, and would run the
/// real tools again in CI. The message names the commands and how to hand the code under test the
/// cassette. Catch it as <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class CassetteBypassedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="cassettePath">The test's cassette.</param>
    /// <param name="commandsOutside">The commands that ran past it (redacted command lines); empty when none did.</param>
    /// <param name="message">What happened, as the test's warning said it.</param>
    public CassetteBypassedException(string cassettePath, IReadOnlyList<string> commandsOutside, string message)
        : base(message)
    {
        CassettePath = cassettePath;
        CommandsOutside = commandsOutside;
    }

    /// <summary>The test's cassette.</summary>
    public string CassettePath { get; }

    /// <summary>The commands that ran with the real runner instead of the cassette, as redacted command lines; empty when the cassette was merely unused.</summary>
    public IReadOnlyList<string> CommandsOutside { get; }
}

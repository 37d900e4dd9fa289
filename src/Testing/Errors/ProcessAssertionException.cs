namespace ProcessKit.Testing;

/// <summary>
/// A check on a test double failed: <see cref="RecordingRunner"/>'s <c>Assert...</c> methods and
/// <see cref="RecordingRunner.Single()"/>, or <see cref="ScriptedRunner.VerifyAllConsumed"/>. Works
/// with any test framework (each reports an unexpected exception as a failure); the message says
/// what was expected and lists what did run, with secret-looking values redacted.
/// </summary>
public sealed class ProcessAssertionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what happened.</param>
    public ProcessAssertionException(string message)
        : base(message)
    {
    }
}

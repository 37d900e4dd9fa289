using Xunit.v3;

namespace ProcessKit.Testing.XunitV3;

/// <summary>
/// Skips the running test from code that cannot reference xunit.v3's assertion library (this
/// package references only its extensibility core): xunit.v3 skips a test that throws any
/// exception whose message starts with <see cref="DynamicSkipToken.Value"/>, and reports the rest
/// of the message as the reason, exactly as <c>Assert.Skip</c> does.
/// </summary>
internal sealed class DynamicSkip : Exception
{
    private DynamicSkip(string reason, Exception cause)
        : base(DynamicSkipToken.Value + reason, cause)
    {
    }

    /// <summary>The exception that skips the test with <paramref name="reason"/>, keeping <paramref name="cause"/> as its inner exception.</summary>
    internal static DynamicSkip Because(string reason, Exception cause) => new(reason, cause);
}

namespace ProcessKit.Testing;

/// <summary>What a rule with a sequence of replies does once each has been given.</summary>
public enum AfterLastReply
{
    /// <summary>Gives the last reply again, for every later call.</summary>
    RepeatLast,

    /// <summary>Stops matching: later calls fall through to the next rules, and miss if none matches.</summary>
    Miss,
}

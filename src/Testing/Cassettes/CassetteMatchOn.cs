namespace ProcessKit.Testing;

/// <summary>
/// What must be equal, after normalisation, for a command to replay a recorded interaction. The
/// default is <see cref="Default"/>: program, arguments and standard input.
/// </summary>
[Flags]
public enum CassetteMatchOn
{
    /// <summary>Nothing: every command replays the next unused interaction, in recorded order.</summary>
    None = 0,

    /// <summary>The program, as the command gave it.</summary>
    Program = 1,

    /// <summary>The arguments, element by element.</summary>
    Arguments = 2,

    /// <summary>The standard input: none, inherited, kept open, or the digest of its content.</summary>
    StandardInput = 4,

    /// <summary>The working directory the command set (or that it set none).</summary>
    WorkingDirectory = 8,

    /// <summary>The names of the environment variables the command sets or removes (never their values).</summary>
    EnvironmentNames = 16,

    /// <summary>Program, arguments and standard input.</summary>
    Default = Program | Arguments | StandardInput,
}

namespace ProcessKit;

/// <summary>
/// <see cref="Command.Shell"/> refused a script because it holds a character the shell would
/// interpret (a separator, a pipe, a substitution, a redirection, a glob, a quote, ...): a script
/// built from untrusted values could then run commands nobody intended (shell injection). Pass
/// values as arguments (<c>new Command(program, arguments)</c>), or, when every part of the script
/// is trusted, call <c>Command.Shell(script, allowShellFeatures: true)</c>. Catch it as
/// <see cref="ArgumentException"/>. The message never repeats the script, which may hold secrets.
/// </summary>
public sealed class UnsafeShellScriptException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="character">The first character the shell would interpret.</param>
    /// <param name="position">Its position in the script, from 0.</param>
    /// <param name="meaning">What the shell would make of it, for example "a pipe".</param>
    /// <param name="paramName">The parameter that held the script.</param>
    public UnsafeShellScriptException(char character, int position, string meaning, string? paramName)
        : base(BuildMessage(character, position, meaning), paramName)
    {
        Character = character;
        Position = position;
        Meaning = meaning;
    }

    /// <summary>The first character the shell would interpret.</summary>
    public char Character { get; }

    /// <summary>Its position in the script, from 0.</summary>
    public int Position { get; }

    /// <summary>What the shell would make of it, for example "a pipe".</summary>
    public string Meaning { get; }

    private static string BuildMessage(char character, int position, string meaning) =>
        $"The shell script holds {Describe(character)} ({meaning}) at position {position}. The shell would interpret it, "
        + "so a script built from untrusted values could run commands nobody intended (shell injection). "
        + "Pass values as separate arguments with new Command(program, arguments) instead, or, if every part of the script "
        + "is trusted, call Command.Shell(script, allowShellFeatures: true).";

    private static string Describe(char character) =>
        char.IsControl(character) ? $"the control character U+{(int)character:X4}" : $"'{character}'";
}

using System.Collections.Frozen;

namespace ProcessKit;

/// <summary>The one way to ask for a shell: <see cref="Shell"/>, checked for shell metacharacters unless told otherwise.</summary>
public sealed partial class Command
{
    /// <summary>
    /// What each refused character means to <c>/bin/sh</c> or <c>cmd.exe</c>. Space and tab (which
    /// only separate words) and every other printable character pass; so does the backslash on
    /// Windows, where it separates path parts and <c>cmd.exe</c> gives it no meaning.
    /// </summary>
    private static readonly FrozenDictionary<char, string> ShellMetacharacters = new Dictionary<char, string>
    {
        [';'] = "a command separator",
        ['|'] = "a pipe",
        ['&'] = "a background job or a command list",
        ['$'] = "a variable or command substitution",
        ['`'] = "a command substitution",
        ['<'] = "an input redirection",
        ['>'] = "an output redirection",
        ['('] = "a subshell",
        [')'] = "a subshell",
        ['*'] = "a file name pattern",
        ['?'] = "a file name pattern",
        ['['] = "a file name pattern",
        [']'] = "a file name pattern",
        ['{'] = "a brace expansion or a command group",
        ['}'] = "a brace expansion or a command group",
        ['~'] = "a home directory expansion",
        ['!'] = "a negation or history expansion",
        ['#'] = "a comment, which drops the rest of the line",
        ['\''] = "a quote",
        ['"'] = "a quote",
        ['%'] = "a cmd.exe variable expansion",
        ['^'] = "a cmd.exe escape character",
        ['\\'] = "an escape character",
        ['\n'] = "a line break, which separates commands",
        ['\r'] = "a line break, which separates commands",
    }.ToFrozenDictionary();

    /// <summary>
    /// A command that runs <paramref name="script"/> in the platform's shell: <c>/bin/sh -c script</c>,
    /// or <c>cmd.exe /d /s /c script</c> on Windows. Use it only when the shell itself is what you
    /// need; every other way to build a command passes arguments without a shell.
    /// </summary>
    /// <remarks>
    /// <para>
    /// By default the script may hold only words separated by spaces or tabs: the program and its
    /// arguments, found and split by the shell. Any character the shell would interpret is refused,
    /// with an <see cref="UnsafeShellScriptException"/> that names it and its position:
    /// <c>; | &amp; $ ` &lt; &gt; ( ) * ? [ ] { } ~ ! # ' " % ^</c>, the backslash (except on Windows),
    /// line breaks and every other control character. Pass <paramref name="allowShellFeatures"/> true
    /// for a trusted script that needs pipes, redirections, variables or globs; then pass untrusted
    /// values as positional parameters (<c>new Command("sh", "-c", "wc -c &lt; \"$1\"", "sh", path)</c>),
    /// never pasted into the script.
    /// </para>
    /// <para>
    /// On Windows, <c>cmd.exe</c> does not undo the backslash escaping that the command line gives
    /// a double quote inside an argument, so a script with embedded double quotes (possible only with
    /// <paramref name="allowShellFeatures"/>) may not reach <c>cmd.exe</c> as written.
    /// </para>
    /// </remarks>
    /// <param name="script">The script: one command line.</param>
    /// <param name="allowShellFeatures">True to let the shell interpret the script in full (pipes, redirections, variables, globs, quotes).</param>
    /// <returns>A command for the shell, to configure and run like any other.</returns>
    /// <exception cref="ArgumentException">The script is empty or blank, or contains a NUL character.</exception>
    /// <exception cref="UnsafeShellScriptException">The script holds a shell metacharacter and <paramref name="allowShellFeatures"/> is false.</exception>
    public static Command Shell(string script, bool allowShellFeatures = false)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (string.IsNullOrWhiteSpace(script))
        {
            throw new ArgumentException("The shell script is empty.", nameof(script));
        }

        if (script.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The shell script contains a NUL character, which cannot be passed to a process.", nameof(script));
        }

        if (!allowShellFeatures)
        {
            ThrowIfShellWouldInterpret(script, nameof(script));
        }

        return OperatingSystem.IsWindows()
            ? new Command(WindowsShell(), "/d", "/s", "/c", script)
            : new Command("/bin/sh", "-c", script);
    }

    private static void ThrowIfShellWouldInterpret(string script, string paramName)
    {
        for (var i = 0; i < script.Length; i++)
        {
            var c = script[i];
            if (c == '\\' && OperatingSystem.IsWindows())
            {
                continue;
            }

            if (ShellMetacharacters.TryGetValue(c, out var meaning))
            {
                throw new UnsafeShellScriptException(c, i, meaning, paramName);
            }

            if (char.IsControl(c) && c != '\t')
            {
                throw new UnsafeShellScriptException(c, i, "a control character", paramName);
            }
        }
    }

    /// <summary>The command interpreter: <c>%ComSpec%</c> when it is a full path, as Windows sets it, else <c>cmd.exe</c> on PATH.</summary>
    private static string WindowsShell() =>
        System.Environment.GetEnvironmentVariable("ComSpec") is { } comSpec && Path.IsPathFullyQualified(comSpec) ? comSpec : "cmd.exe";
}

using System.Diagnostics.Contracts;
using System.Text;

namespace ProcessKit;

/// <summary>
/// A command-line tool bound to the defaults every call shares (working directory, environment,
/// timeout, runner, success codes, encoding, leading arguments), so that each call passes only its
/// own arguments: <c>await git.RunAsync("rev-parse", "HEAD")</c>. It speaks the verbs of
/// <see cref="ProcessKit.Command"/>; <see cref="Command(IEnumerable{string})"/> gives the command for
/// anything more.
/// </summary>
/// <remarks>
/// <para>
/// The defaults live in a template <see cref="ProcessKit.Command"/> (<see cref="Template"/>): a call
/// appends its arguments to the template's, and a <c>configure</c> callback (or further
/// <c>With...</c> calls on <see cref="Command(IEnumerable{string})"/>) is applied after the defaults,
/// so an explicit setting on the command always wins over the client's default.
/// </para>
/// <para>
/// Immutable: every <c>With...</c> method returns a new client, so one can be kept in a field,
/// shared across threads, and specialised per use.
/// </para>
/// </remarks>
public sealed partial class CliClient
{
    /// <summary>Creates a client for <paramref name="program"/> with no defaults beyond those of <see cref="ProcessKit.Command"/>.</summary>
    /// <param name="program">The program: a name looked up on <c>PATH</c> when run, or a path.</param>
    /// <exception cref="ArgumentException">The program is empty or contains a NUL character.</exception>
    public CliClient(string program)
        : this(new Command(program))
    {
    }

    /// <summary>
    /// Creates a client whose defaults are everything <paramref name="template"/> sets: its program,
    /// its arguments (which lead every call's), and each of its settings.
    /// </summary>
    /// <param name="template">The command every call starts from.</param>
    public CliClient(Command template)
    {
        ArgumentNullException.ThrowIfNull(template);
        Template = template;
    }

    /// <summary>The command every call starts from: the program, the leading arguments and the defaults.</summary>
    public Command Template { get; }

    /// <summary>The program.</summary>
    public string Program => Template.Program;

    /// <summary>
    /// The command for one call: the template with <paramref name="arguments"/> appended. Change it
    /// further with its <c>With...</c> methods (they win over the client's defaults) and run it with
    /// any verb; it runs through the client's runner unless changed.
    /// </summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <exception cref="ArgumentException">An argument is null or contains a NUL character.</exception>
    public Command Command(params IEnumerable<string> arguments) => Template.AddArguments(arguments);

    /// <summary>The command for one call, changed by <paramref name="configure"/> after the client's defaults.</summary>
    /// <param name="arguments">This call's arguments, after the leading ones.</param>
    /// <param name="configure">Changes this call only, for example <c>c => c.WithStandardInput(text)</c>; what it sets wins.</param>
    /// <exception cref="ArgumentException">An argument is null or contains a NUL character.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="configure"/> returned null.</exception>
    public Command Command(IEnumerable<string> arguments, Func<Command, Command> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return configure(Command(arguments))
            ?? throw new InvalidOperationException($"The configure callback for {Program} returned null instead of a command.");
    }

    /// <summary>Returns a client whose calls start with <paramref name="arguments"/> (for example <c>--no-pager</c>), replacing the current leading arguments.</summary>
    /// <param name="arguments">The leading arguments.</param>
    /// <exception cref="ArgumentException">An argument is null or contains a NUL character.</exception>
    [Pure]
    public CliClient WithLeadingArguments(params IEnumerable<string> arguments) => new(Template.WithArguments(arguments));

    /// <summary>Returns a client whose calls run in <paramref name="directory"/>; see <see cref="ProcessKit.Command.WithWorkingDirectory"/>.</summary>
    /// <param name="directory">The working directory; it must exist when a call runs.</param>
    /// <exception cref="ArgumentException">The path is empty or contains a NUL character.</exception>
    [Pure]
    public CliClient WithWorkingDirectory(string directory) => new(Template.WithWorkingDirectory(directory));

    /// <summary>Returns a client whose calls set environment variable <paramref name="name"/> to <paramref name="value"/>.</summary>
    /// <param name="name">The variable's name.</param>
    /// <param name="value">Its value.</param>
    /// <exception cref="ArgumentException">The name is empty or contains '=' or NUL, or the value contains NUL.</exception>
    [Pure]
    public CliClient WithEnvironment(string name, string value) => new(Template.WithEnvironment(name, value));

    /// <summary>Returns a client whose calls set each of <paramref name="variables"/>.</summary>
    /// <param name="variables">The variables.</param>
    /// <exception cref="ArgumentException">A name is empty or contains '=' or NUL, or a value contains NUL.</exception>
    [Pure]
    public CliClient WithEnvironment(IEnumerable<KeyValuePair<string, string>> variables) => new(Template.WithEnvironment(variables));

    /// <summary>Returns a client whose calls run without environment variable <paramref name="name"/>.</summary>
    /// <param name="name">The variable's name.</param>
    /// <exception cref="ArgumentException">The name is empty or contains '=' or NUL.</exception>
    public CliClient WithoutEnvironment(string name) => new(Template.WithoutEnvironment(name));

    /// <summary>Returns a client whose calls time out after <paramref name="timeout"/>; see <see cref="ProcessKit.Command.WithTimeout"/>.</summary>
    /// <param name="timeout">The timeout; <see cref="Timeout.InfiniteTimeSpan"/> removes it.</param>
    /// <param name="grace">The time between SIGTERM and SIGKILL at the timeout.</param>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is zero or negative (other than infinite), or the grace is negative.</exception>
    [Pure]
    public CliClient WithTimeout(TimeSpan timeout, TimeSpan grace = default) => new(Template.WithTimeout(timeout, grace));

    /// <summary>Returns a client whose calls run through <paramref name="runner"/> (a <see cref="ProcessGroup"/>, a test double).</summary>
    /// <param name="runner">The runner.</param>
    [Pure]
    public CliClient WithRunner(IProcessRunner runner) => new(Template.WithRunner(runner));

    /// <summary>Returns a client for whose calls the exit codes in <paramref name="codes"/> count as success.</summary>
    /// <param name="codes">The success codes.</param>
    /// <exception cref="ArgumentException">No code is given.</exception>
    [Pure]
    public CliClient WithSuccessExitCodes(params IEnumerable<int> codes) => new(Template.WithSuccessExitCodes(codes));

    /// <summary>Returns a client whose calls encode and decode text with <paramref name="encoding"/>.</summary>
    /// <param name="encoding">The encoding.</param>
    [Pure]
    public CliClient WithEncoding(Encoding encoding) => new(Template.WithEncoding(encoding));

    /// <summary>
    /// Returns a client whose template is changed by <paramref name="configure"/>: any setting of
    /// <see cref="ProcessKit.Command"/> as a default (an output limit, a time provider, ...).
    /// </summary>
    /// <param name="configure">Changes the template, for example <c>c => c.WithOutputLimit(limit)</c>.</param>
    /// <exception cref="InvalidOperationException"><paramref name="configure"/> returned null.</exception>
    [Pure]
    public CliClient WithDefaults(Func<Command, Command> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return new(configure(Template)
            ?? throw new InvalidOperationException($"The configure callback for {Program} returned null instead of a command."));
    }

    /// <summary>The program and leading arguments, quoted for reading, with secret-looking values redacted.</summary>
    public override string ToString() => Template.ToString();
}

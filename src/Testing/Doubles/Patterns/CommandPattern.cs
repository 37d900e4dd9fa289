using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Text.RegularExpressions;

namespace ProcessKit.Testing;

/// <summary>
/// Which commands a <see cref="ScriptedRunner"/> rule answers and a <see cref="RecordingRunner"/>
/// query counts: a program, a rule for the arguments (exact, prefix, a regular expression per
/// argument, any within a count), and optional conditions on the working directory, the
/// environment, the standard input or the whole command. Immutable; the refining methods return a
/// new pattern whose conditions must all hold too.
/// </summary>
/// <remarks>
/// A bare program name (<c>git</c>) matches the program by its file name wherever it lives
/// (<c>/usr/bin/git</c> too; on Windows also <c>git.exe</c>, ignoring case); a program given with a
/// directory matches only that path. <see cref="ExplainMismatch"/> says why a command does not
/// match, showing no value the command's redacted command line hides and no environment value.
/// </remarks>
public sealed class CommandPattern
{
    private readonly string? _program;
    private readonly bool _programIsPath;
    private readonly ArgumentsRule _arguments;
    private readonly ImmutableArray<PatternCondition> _conditions;

    private CommandPattern(string? program, ArgumentsRule arguments, ImmutableArray<PatternCondition> conditions)
    {
        _program = program;
        _programIsPath = program is not null && ProgramNames.HasDirectory(program);
        _arguments = arguments;
        _conditions = conditions;
    }

    /// <summary>Every command.</summary>
    public static CommandPattern Any { get; } = new(null, ArgumentsRule.Any, []);

    /// <summary>The program with exactly <paramref name="arguments"/>, in order.</summary>
    /// <param name="program">A bare name (matched wherever the program lives) or a path (matched exactly).</param>
    /// <param name="arguments">The arguments, compared exactly.</param>
    /// <exception cref="ArgumentException"><paramref name="program"/> is empty, or an argument is null.</exception>
    public static CommandPattern Exact(string program, params IEnumerable<string> arguments) =>
        new(CheckProgram(program), new ArgumentsRule.ExactRule(CheckArguments(arguments, nameof(arguments))), []);

    /// <summary>The program and arguments of <paramref name="command"/>, exactly (its other settings are not compared).</summary>
    /// <param name="command">The command.</param>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public static CommandPattern Exact(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Exact(command.Program, command.Arguments);
    }

    /// <summary>The program with arguments that start with <paramref name="prefix"/>, element by element (<c>git log</c> matches <c>git log --oneline</c>).</summary>
    /// <param name="program">A bare name or a path.</param>
    /// <param name="prefix">The first arguments, compared exactly.</param>
    /// <exception cref="ArgumentException"><paramref name="program"/> is empty, or an argument is null.</exception>
    public static CommandPattern Prefix(string program, params IEnumerable<string> prefix) =>
        new(CheckProgram(program), new ArgumentsRule.PrefixRule(CheckArguments(prefix, nameof(prefix))), []);

    /// <summary>The program with any arguments (none included).</summary>
    /// <param name="program">A bare name (matched wherever the program lives) or a path.</param>
    /// <exception cref="ArgumentException"><paramref name="program"/> is empty.</exception>
    public static CommandPattern Program(string program) => new(CheckProgram(program), ArgumentsRule.Any, []);

    /// <summary>The program with as many arguments as <paramref name="argumentPatterns"/>, each matching its regular expression in full.</summary>
    /// <param name="program">A bare name or a path.</param>
    /// <param name="argumentPatterns">One .NET regular expression per argument; each must match the whole argument (it is anchored for you).</param>
    /// <exception cref="ArgumentException"><paramref name="program"/> is empty, or a pattern is null or not a valid regular expression (the message names it).</exception>
    public static CommandPattern Matching(string program, params IEnumerable<string> argumentPatterns)
    {
        var sources = CheckArguments(argumentPatterns, nameof(argumentPatterns));
        var regexes = ImmutableArray.CreateBuilder<Regex?>(sources.Length);
        for (var i = 0; i < sources.Length; i++)
        {
            // A pattern without metacharacters matches only itself: compare it as a string, which
            // is faster and lets the scripted runner index the rule by it.
            if (string.Equals(Regex.Escape(sources[i]), sources[i], StringComparison.Ordinal))
            {
                regexes.Add(null);
                continue;
            }

            try
            {
                regexes.Add(new Regex($"^(?:{sources[i]})$", RegexOptions.CultureInvariant));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"The pattern for {ArgumentPosition.Name(i)} /{sources[i]}/ is not a valid regular expression: {e.Message}", nameof(argumentPatterns), e);
            }
        }

        return new(CheckProgram(program), new ArgumentsRule.RegexRule(regexes.MoveToImmutable(), sources), []);
    }

    /// <summary>The program with any arguments, at least <paramref name="minCount"/> and at most <paramref name="maxCount"/> of them.</summary>
    /// <param name="program">A bare name or a path.</param>
    /// <param name="minCount">The fewest arguments, 0 or more.</param>
    /// <param name="maxCount">The most arguments, at least <paramref name="minCount"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="program"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minCount"/> is negative or <paramref name="maxCount"/> is below it.</exception>
    public static CommandPattern AnyArguments(string program, int minCount = 0, int maxCount = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, minCount);
        return new(CheckProgram(program), new ArgumentsRule.CountRule(minCount, maxCount), []);
    }

    /// <summary>Any command for which <paramref name="predicate"/> is true; it sees the whole command (program, arguments, directory, environment, input).</summary>
    /// <param name="predicate">The test. It must not throw; it may run on any thread.</param>
    /// <param name="description">What it checks, in words, for messages.</param>
    /// <exception cref="ArgumentException"><paramref name="description"/> is empty.</exception>
    public static CommandPattern Where(Func<Command, bool> predicate, string description) => Any.And(predicate, description);

    /// <summary>Also requires the command to run in <paramref name="directory"/> (compared as a full path).</summary>
    /// <param name="directory">The working directory; a relative path is made full against the current directory, as <see cref="Command.WithWorkingDirectory"/> does.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    public CommandPattern InDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return With(new PatternCondition(
            "in " + full,
            c => string.Equals(c.WorkingDirectory, full, comparison),
            c => c.WorkingDirectory is null
                ? $"runs in the current directory, not in {full}"
                : $"runs in {c.WorkingDirectory}, not in {full}"));
    }

    /// <summary>Also requires the command to set environment variable <paramref name="name"/> (to any value).</summary>
    /// <param name="name">The variable name.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    [Pure]
    public CommandPattern WithEnvironment(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return With(new PatternCondition(
            $"with {name} set",
            c => c.EnvironmentChanges.TryGetValue(name, out var value) && value is not null,
            _ => $"does not set {name}"));
    }

    /// <summary>Also requires the command to set environment variable <paramref name="name"/> to <paramref name="value"/>.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="value">The value, compared exactly. Messages never show it.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    [Pure]
    public CommandPattern WithEnvironment(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        return With(new PatternCondition(
            $"with {name} set to a given value",
            c => c.EnvironmentChanges.TryGetValue(name, out var actual) && string.Equals(actual, value, StringComparison.Ordinal),
            c => c.EnvironmentChanges.TryGetValue(name, out var actual) && actual is not null
                ? $"sets {name} to another value"
                : $"does not set {name}"));
    }

    /// <summary>Also requires the command's standard input to be exactly <paramref name="text"/> (text input, or bytes decoded in the command's encoding).</summary>
    /// <param name="text">The expected input. Messages show only its length.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    [Pure]
    public CommandPattern WithStandardInput(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WithStandardInput(input => string.Equals(input, text, StringComparison.Ordinal), $"standard input of {Shown.Count(text.Length, "character")}");
    }

    /// <summary>
    /// Also requires the command's standard input, as text (text input, or bytes decoded in the
    /// command's encoding), to satisfy <paramref name="predicate"/>. A command whose input is not
    /// fixed in memory (none, a stream, a file, inherited, kept open) does not match.
    /// </summary>
    /// <param name="predicate">The test of the input text.</param>
    /// <param name="description">What it checks, in words, for messages.</param>
    /// <exception cref="ArgumentException"><paramref name="description"/> is empty.</exception>
    [Pure]
    public CommandPattern WithStandardInput(Func<string, bool> predicate, string description)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentException.ThrowIfNullOrEmpty(description);
        return With(new PatternCondition(
            "with " + description,
            c => InputText(c) is { } input && predicate(input),
            c => InputText(c) is { } input
                ? $"its standard input ({Shown.Count(input.Length, "character")}) fails: {description}"
                : $"has no standard input in memory ({c.StandardInput}), needs {description}"));
    }

    /// <summary>Also requires <paramref name="predicate"/> to be true for the command.</summary>
    /// <param name="predicate">The test. It must not throw; it may run on any thread.</param>
    /// <param name="description">What it checks, in words, for messages.</param>
    /// <exception cref="ArgumentException"><paramref name="description"/> is empty.</exception>
    public CommandPattern And(Func<Command, bool> predicate, string description)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentException.ThrowIfNullOrEmpty(description);
        return With(new PatternCondition(description, predicate, _ => $"fails: {description}"));
    }

    /// <summary>True when <paramref name="command"/> matches the program, the arguments and every condition.</summary>
    /// <param name="command">The command.</param>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public bool Matches(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Matches(new CommandView(command));
    }

    /// <summary>Why <paramref name="command"/> does not match, every failing part in words; null when it matches.</summary>
    /// <param name="command">The command.</param>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public string? ExplainMismatch(Command command) => Explain(command)?.ToString();

    /// <summary>Shows the pattern: program, arguments, conditions.</summary>
    public override string ToString()
    {
        var text = (_program, _arguments.Describe()) switch
        {
            (null, _) when ReferenceEquals(_arguments, ArgumentsRule.Any) => "any command",
            (null, var arguments) => "any program " + arguments,
            (var program, "") => program,
            (var program, var arguments) => program + " " + arguments,
        };
        return _conditions.IsEmpty ? text : text + " (" + string.Join(", ", _conditions.Select(c => c.Description)) + ")";
    }

    /// <summary>The arguments every matching command starts with, as far as the pattern fixes them (the scripted runner's index keys); empty otherwise.</summary>
    internal ImmutableArray<string> LiteralPrefix => _arguments.LiteralPrefix;

    /// <summary>True when <paramref name="command"/> matches: the program, the arguments and every condition, cheapest first.</summary>
    internal bool Matches(in CommandView command)
    {
        if (_program is not null && !ProgramNames.Matches(_program, _programIsPath, command))
        {
            return false;
        }

        if (!_arguments.Matches(command))
        {
            return false;
        }

        foreach (var condition in _conditions)
        {
            if (!condition.Test(command.Command))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The reasons and closeness of a mismatch, or null when <paramref name="command"/> matches.</summary>
    internal PatternMismatch? Explain(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (Matches(command))
        {
            return null;
        }

        var reasons = new List<string>();
        var closeness = 0;
        if (_program is null || ProgramNames.Matches(_program, _programIsPath, new CommandView(command)))
        {
            closeness += PatternMismatch.ProgramWeight;
        }
        else
        {
            reasons.Add($"program is {Shown.Quote(command.Program)}, not {Shown.Quote(_program)}");
        }

        closeness += _arguments.Explain(command, reasons);
        foreach (var condition in _conditions)
        {
            if (!condition.Test(command))
            {
                closeness--;
                reasons.Add(condition.Explain(command));
            }
        }

        return new PatternMismatch(reasons, closeness);
    }

    private static string? InputText(Command command) =>
        command.StandardInput.Text ?? (command.StandardInputBytes is { } bytes ? command.Encoding.GetString(bytes.Span) : null);

    private static string CheckProgram(string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        return program;
    }

    private static ImmutableArray<string> CheckArguments(IEnumerable<string> arguments, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(arguments, parameterName);
        var list = arguments.ToImmutableArray();
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i] is null)
            {
                throw new ArgumentException($"The pattern's {ArgumentPosition.Name(i)} is null.", parameterName);
            }
        }

        return list;
    }

    private CommandPattern With(PatternCondition condition) => new(_program, _arguments, _conditions.Add(condition));
}

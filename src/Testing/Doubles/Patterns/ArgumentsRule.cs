using System.Buffers;
using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace ProcessKit.Testing;

/// <summary>The part of a <see cref="CommandPattern"/> that looks at the arguments.</summary>
internal abstract class ArgumentsRule
{
    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(" \t\n'\"\\");

    /// <summary>Any arguments at all.</summary>
    internal static ArgumentsRule Any { get; } = new CountRule(0, int.MaxValue);

    /// <summary>The arguments every matching command starts with, as far as the rule fixes them (the scripted runner indexes rules by them); empty otherwise.</summary>
    internal virtual ImmutableArray<string> LiteralPrefix => [];

    /// <summary>True when the command's arguments satisfy the rule; allocation-free.</summary>
    internal abstract bool Matches(in CommandView command);

    /// <summary>Adds why <paramref name="command"/>'s arguments fail the rule to <paramref name="reasons"/>; returns the closeness earned.</summary>
    internal abstract int Explain(Command command, List<string> reasons);

    /// <summary>The arguments as the pattern shows them (after the program).</summary>
    internal abstract string Describe();

    /// <summary>Formats a literal argument of a pattern for <see cref="Describe"/>.</summary>
    private protected static string Literal(string argument) =>
        argument.Length == 0 || argument.AsSpan().ContainsAny(NeedsQuoting)
            ? "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'"
            : argument;

    /// <summary>Scores the positions where the command's arguments equal <paramref name="expected"/> (up) or differ (down), explaining the first difference.</summary>
    private protected static int CompareElements(Command command, ImmutableArray<string> expected, List<string> reasons)
    {
        var arguments = command.Arguments;
        var score = 0;
        string? firstDifference = null;
        for (var i = 0; i < expected.Length && i < arguments.Count; i++)
        {
            if (string.Equals(arguments[i], expected[i], StringComparison.Ordinal))
            {
                score++;
            }
            else
            {
                score--;
                firstDifference ??= $"{ArgumentPosition.Name(i)} is {Shown.Argument(command, arguments[i])}, not {Shown.Quote(expected[i])}";
            }
        }

        if (firstDifference is not null)
        {
            reasons.Add(firstDifference);
        }

        return score * PatternMismatch.ArgumentWeight;
    }

    /// <summary>Exactly these arguments.</summary>
    internal sealed class ExactRule(ImmutableArray<string> expected) : ArgumentsRule
    {
        internal override ImmutableArray<string> LiteralPrefix => expected;

        internal override bool Matches(in CommandView command)
        {
            if (command.Count != expected.Length)
            {
                return false;
            }

            if (expected.IsEmpty)
            {
                return true;
            }

            if (!string.Equals(command.First, expected[0], StringComparison.Ordinal))
            {
                return false;
            }

            var arguments = command.Arguments;
            for (var i = 1; i < expected.Length; i++)
            {
                if (!string.Equals(arguments[i], expected[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        internal override int Explain(Command command, List<string> reasons)
        {
            var closeness = CompareElements(command, expected, reasons);
            var count = command.Arguments.Count;
            if (count != expected.Length)
            {
                // A command that begins with every expected argument and only adds more is the
                // mismatch most often meant as a match: say how to allow the further arguments.
                var onlyAddsMore = count > expected.Length && closeness == expected.Length * PatternMismatch.ArgumentWeight;
                reasons.Add($"has {Shown.Count(count, "argument")}, not {expected.Length}" + (onlyAddsMore ? " (the pattern is exact; CommandPattern.Prefix allows further arguments)" : ""));
                closeness -= Math.Abs(count - expected.Length);
            }

            return closeness;
        }

        internal override string Describe() => string.Join(' ', expected.Select(Literal));
    }

    /// <summary>Starts with these arguments, element by element; any after them.</summary>
    internal sealed class PrefixRule(ImmutableArray<string> prefix) : ArgumentsRule
    {
        internal override ImmutableArray<string> LiteralPrefix => prefix;

        internal override bool Matches(in CommandView command)
        {
            if (command.Count < prefix.Length)
            {
                return false;
            }

            if (prefix.IsEmpty)
            {
                return true;
            }

            if (!string.Equals(command.First, prefix[0], StringComparison.Ordinal))
            {
                return false;
            }

            var arguments = command.Arguments;
            for (var i = 1; i < prefix.Length; i++)
            {
                if (!string.Equals(arguments[i], prefix[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        internal override int Explain(Command command, List<string> reasons)
        {
            var closeness = CompareElements(command, prefix, reasons);
            var count = command.Arguments.Count;
            if (count < prefix.Length)
            {
                reasons.Add($"has {Shown.Count(count, "argument")}, needs at least {prefix.Length}");
                closeness -= prefix.Length - count;
            }

            return closeness;
        }

        internal override string Describe() => string.Join(' ', prefix.Select(Literal).Append("…"));
    }

    /// <summary>
    /// One regular expression per argument, each matching the whole argument. A pattern without
    /// metacharacters has no regex (null) and is compared as a string; the leading ones are the
    /// rule's literal prefix.
    /// </summary>
    internal sealed class RegexRule(ImmutableArray<Regex?> patterns, ImmutableArray<string> sources) : ArgumentsRule
    {
        internal override ImmutableArray<string> LiteralPrefix { get; } = [.. sources.Take(patterns.TakeWhile(p => p is null).Count())];

        internal override bool Matches(in CommandView command)
        {
            if (command.Count != patterns.Length)
            {
                return false;
            }

            var arguments = command.Arguments;
            for (var i = 0; i < patterns.Length; i++)
            {
                if (!Accepts(i, arguments[i]))
                {
                    return false;
                }
            }

            return true;
        }

        internal override int Explain(Command command, List<string> reasons)
        {
            var arguments = command.Arguments;
            var closeness = 0;
            string? firstDifference = null;
            for (var i = 0; i < patterns.Length && i < arguments.Count; i++)
            {
                if (Accepts(i, arguments[i]))
                {
                    closeness += PatternMismatch.ArgumentWeight;
                }
                else
                {
                    closeness -= PatternMismatch.ArgumentWeight;
                    firstDifference ??= $"{ArgumentPosition.Name(i)} {Shown.Argument(command, arguments[i])} does not match /{sources[i]}/";
                }
            }

            if (firstDifference is not null)
            {
                reasons.Add(firstDifference);
            }

            if (arguments.Count != patterns.Length)
            {
                reasons.Add($"has {Shown.Count(arguments.Count, "argument")}, not {patterns.Length}");
                closeness -= Math.Abs(arguments.Count - patterns.Length);
            }

            return closeness;
        }

        internal override string Describe() => string.Join(' ', sources.Select(s => "/" + s + "/"));

        private bool Accepts(int position, string argument) =>
            patterns[position] is { } regex ? regex.IsMatch(argument) : string.Equals(argument, sources[position], StringComparison.Ordinal);
    }

    /// <summary>Any arguments, between a minimum and a maximum count.</summary>
    internal sealed class CountRule(int min, int max) : ArgumentsRule
    {
        internal override bool Matches(in CommandView command) => command.Count >= min && command.Count <= max;

        internal override int Explain(Command command, List<string> reasons)
        {
            var count = command.Arguments.Count;
            if (count >= min && count <= max)
            {
                return 0;
            }

            reasons.Add($"has {Shown.Count(count, "argument")}, needs {DescribeCount()}");
            return -(count < min ? min - count : count - max);
        }

        internal override string Describe() => min == 0 && max == int.MaxValue ? "<any arguments>" : $"<{DescribeCount()} arguments>";

        private string DescribeCount() => (min, max) switch
        {
            (_, int.MaxValue) => FormattableString.Invariant($"at least {min}"),
            (0, _) => FormattableString.Invariant($"at most {max}"),
            _ when min == max => FormattableString.Invariant($"exactly {min}"),
            _ => FormattableString.Invariant($"{min} to {max}"),
        };
    }
}

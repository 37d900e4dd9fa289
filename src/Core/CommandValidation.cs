namespace ProcessKit;

/// <summary>Checks done when a <see cref="Command"/> is built, so bad input fails at the call that supplied it.</summary>
internal static class CommandValidation
{
    /// <summary>
    /// The timeout a <c>WithTimeout(timeout, grace)</c> sets: null for
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (no timeout), else the positive <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The timeout is zero, negative (other than infinite) or longer than <see cref="TimerLimit.Max"/>,
    /// or the grace is negative or longer than <see cref="TimerLimit.Max"/>.
    /// </exception>
    internal static TimeSpan? Timeout(TimeSpan timeout, TimeSpan grace)
    {
        TimerLimit.ThrowIfInvalid(timeout, nameof(timeout), "The timeout", allowZero: false, allowInfinite: true);
        TimerLimit.ThrowIfInvalid(grace, nameof(grace), "The grace", allowZero: true, allowInfinite: false);
        return timeout == System.Threading.Timeout.InfiniteTimeSpan ? null : timeout;
    }

    internal static void ThrowIfInvalidProgram(string program, string paramName)
    {
        ArgumentNullException.ThrowIfNull(program, paramName);
        if (program.Length == 0 || string.IsNullOrWhiteSpace(program))
        {
            throw new ArgumentException("The program is empty.", paramName);
        }

        ThrowIfContainsNul(program, paramName, "The program");
    }

    internal static void ThrowIfInvalidArguments(IReadOnlyList<string> arguments, string paramName)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] is null)
            {
                throw new ArgumentException($"Argument {i} is null.", paramName);
            }

            ThrowIfContainsNul(arguments[i], paramName, $"Argument {i}");
        }
    }

    internal static void ThrowIfInvalidVariableName(string name, string paramName)
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        if (name.Length == 0)
        {
            throw new ArgumentException("An environment variable name is empty.", paramName);
        }

        if (name.Contains('=', StringComparison.Ordinal))
        {
            // The name is not echoed: "NAME=value" passed as a name would put the value in the message.
            throw new ArgumentException($"An environment variable name contains '=' (at position {name.IndexOf('=', StringComparison.Ordinal)}), which cannot appear in a name. Pass the name and the value separately.", paramName);
        }

        ThrowIfContainsNul(name, paramName, "The environment variable name");
    }

    internal static void ThrowIfInvalidVariableValue(string name, string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        // The value itself is never echoed: it may be a secret.
        ThrowIfContainsNul(value, paramName, $"The value of environment variable '{name}'");
    }

    internal static void ThrowIfInvalidPath(string path, string paramName)
    {
        ArgumentNullException.ThrowIfNull(path, paramName);
        if (path.Length == 0)
        {
            throw new ArgumentException("The path is empty.", paramName);
        }

        ThrowIfContainsNul(path, paramName, "The path");
    }

    private static void ThrowIfContainsNul(string value, string paramName, string what)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{what} contains a NUL character, which cannot be passed to a process.", paramName);
        }
    }
}

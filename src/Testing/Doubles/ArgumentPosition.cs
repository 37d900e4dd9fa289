using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>
/// How every message of the doubles and the cassettes names an argument: by its place counted
/// from 1, as a person counts, so the first argument (<c>Arguments[0]</c>) is "argument 1". The
/// program is not counted. One place, so a mismatch of a scripted rule, of a spy's assertion and
/// of a cassette miss name the same argument the same way.
/// </summary>
internal static class ArgumentPosition
{
    /// <summary>"argument N" for the argument at <paramref name="index"/> (from 0) of a command's arguments.</summary>
    internal static string Name(int index) => "argument " + (index + 1).ToString(CultureInfo.InvariantCulture);
}

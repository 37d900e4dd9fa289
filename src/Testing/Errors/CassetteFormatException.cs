using System.Globalization;
using ProcessKit.Testing.Cassettes;

namespace ProcessKit.Testing;

/// <summary>
/// A cassette file could not be read as a cassette: invalid or truncated JSON, an unknown format
/// version, a missing field, or a value that makes no sense. The message names the file, the
/// position (line and byte, or the JSON path) and what is wrong. Catch it as <see cref="FormatException"/>.
/// </summary>
public sealed class CassetteFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="cassettePath">The cassette file.</param>
    /// <param name="problem">What is wrong, in words.</param>
    /// <param name="lineNumber">The line of the problem (1-based), when known.</param>
    /// <param name="bytePositionInLine">The byte of the problem within its line (1-based), when known.</param>
    /// <param name="jsonPath">The JSON path of the problem (<c>$.interactions[3].stdout</c>), when known.</param>
    /// <param name="innerException">The JSON parser's exception, if any.</param>
    public CassetteFormatException(string cassettePath, string problem, long? lineNumber = null, long? bytePositionInLine = null, string? jsonPath = null, Exception? innerException = null)
        : base(BuildMessage(cassettePath, problem, lineNumber, bytePositionInLine, jsonPath), innerException)
    {
        CassettePath = cassettePath;
        Problem = problem;
        LineNumber = lineNumber;
        BytePositionInLine = bytePositionInLine;
        JsonPath = jsonPath;
    }

    /// <summary>The cassette file.</summary>
    public string CassettePath { get; }

    /// <summary>What is wrong, in words.</summary>
    public string Problem { get; }

    /// <summary>The line of the problem (1-based), or null when the problem is not at one place in the text.</summary>
    public long? LineNumber { get; }

    /// <summary>The byte of the problem within its line (1-based), or null.</summary>
    public long? BytePositionInLine { get; }

    /// <summary>The JSON path of the problem, or null.</summary>
    public string? JsonPath { get; }

    private static string BuildMessage(string path, string problem, long? line, long? bytePosition, string? jsonPath)
    {
        var where = (line, bytePosition, jsonPath) switch
        {
            ({ } l, { } b, { } p) => string.Create(CultureInfo.InvariantCulture, $" at line {l}, byte {b} ({p})"),
            ({ } l, { } b, null) => string.Create(CultureInfo.InvariantCulture, $" at line {l}, byte {b}"),
            (_, _, { } p) => $" at {p}",
            _ => "",
        };
        return $"The cassette '{path}' is not valid{where}: {problem.TrimEnd('.')}. Fix the file, or record it anew with " +
               $"{CassetteModeVariable.Name}=record-all; 'processkit cassette check FILE' validates a cassette.";
    }
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// Turns a <see cref="CassetteDocument"/> into the bytes of a cassette file and back. Writing is
/// indented, with keys in a fixed order, nulls left out and text unescaped where JSON allows (so
/// output reads as it was). Reading is strict: invalid or truncated JSON, an unknown version, a
/// missing, unknown or repeated field, or a value that makes no sense is a <see cref="CassetteFormatException"/>
/// naming the file, the position and the problem.
/// </summary>
internal static partial class CassetteSerializer
{
    private static readonly CassetteJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NewLine = "\n",
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // A cassette is read by people and diffed, never embedded in HTML: keep quotes, '+', '<'
        // and non-ASCII text as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,

        // A repeated field (two "version"s, one placeholder value twice) would otherwise keep the
        // last one silently, and a reader that takes the first would see another cassette.
        AllowDuplicateProperties = false,
    });

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The file's bytes: indented UTF-8 JSON ending with a newline.</summary>
    internal static byte[] Serialize(CassetteDocument document)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(document, Context.CassetteDocument);
        var bytes = new byte[json.Length + 1];
        json.CopyTo(bytes, 0);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>Reads and validates a cassette.</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="path">The file, for messages.</param>
    /// <exception cref="CassetteFormatException">The bytes are not a valid cassette.</exception>
    internal static CassetteDocument Parse(ReadOnlySpan<byte> utf8, string path)
    {
        if (utf8.StartsWith(Utf8Bom))
        {
            utf8 = utf8[Utf8Bom.Length..];
        }

        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new CassetteFormatException(path, "the file is empty (a write that never finished?)");
        }

        CassetteDocument? document;
        try
        {
            var peeked = PeekVersion(utf8);
            ThrowIfUnsupported(peeked, path, jsonPath: "$.version");
            document = JsonSerializer.Deserialize(utf8, Context.CassetteDocument);
        }
        catch (JsonException e)
        {
            throw FromJsonException(e, utf8, path);
        }

        if (document is null)
        {
            throw new CassetteFormatException(path, "the file holds null instead of a cassette object", jsonPath: "$");
        }

        ThrowIfUnsupported(document.Version, path, jsonPath: "$.version");
        CassetteValidation.Validate(document, path);
        return document;
    }

    /// <summary>
    /// Reads the version when it is the first property (as written), so a cassette from a newer
    /// format is refused for its version, not for a field this code does not know. Null when the
    /// first property is something else (the full read then checks it).
    /// </summary>
    private static int? PeekVersion(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null; // the full read reports what the file holds instead
        }

        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("version"u8))
        {
            return null;
        }

        return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version) ? version : null;
    }

    private static void ThrowIfUnsupported(int? version, string path, string jsonPath)
    {
        if (version is { } v && v != CassetteDocument.CurrentVersion)
        {
            throw new CassetteFormatException(
                path,
                string.Create(CultureInfo.InvariantCulture, $"format version {v} is not supported: this ProcessKit reads version {CassetteDocument.CurrentVersion}") +
                (v > CassetteDocument.CurrentVersion ? " (the cassette was written by a newer ProcessKit)" : ""),
                jsonPath: jsonPath);
        }
    }

    private static CassetteFormatException FromJsonException(JsonException e, ReadOnlySpan<byte> utf8, string path)
    {
        long? line = e.LineNumber is { } l ? l + 1 : null;
        long? bytePosition = e.BytePositionInLine is { } b ? b + 1 : null;
        var problem = Describe(e) ?? (AtEndOfData(e, utf8)
            ? "the file ends before its JSON does (it was cut short: a truncated write?)"
            : "invalid JSON: " + WithoutPosition(e.Message));
        return new CassetteFormatException(path, problem, line, bytePosition, e.Path, e);
    }

    /// <summary>True when the parser failed at the very end of the bytes: the text was cut short.</summary>
    private static bool AtEndOfData(JsonException e, ReadOnlySpan<byte> utf8)
    {
        if (e.LineNumber is not { } line || e.BytePositionInLine is not { } bytePosition)
        {
            return false;
        }

        var lastLine = utf8.Count((byte)'\n');
        var lastLineLength = utf8.Length - (utf8.LastIndexOf((byte)'\n') + 1);
        return line == lastLine && bytePosition >= lastLineLength;
    }

    /// <summary>
    /// A complaint about a well-formed value in the cassette's terms (field names, not .NET
    /// types), or null when the JSON itself is broken.
    /// </summary>
    private static string? Describe(JsonException e)
    {
        var message = e.Message;
        var field = e.Path is { } p ? p[(p.LastIndexOf('.') + 1)..] : "";
        if (MissingRequired().Match(message) is { Success: true } missing)
        {
            return $"a required field is missing: {missing.Groups["names"].Value}";
        }

        if (message.Contains("doesn't allow null values", StringComparison.Ordinal) || message.Contains("does not allow null values", StringComparison.Ordinal))
        {
            return $"'{field}' must not be null";
        }

        if (UnknownProperty().Match(message) is { Success: true } unknown)
        {
            return $"unknown field '{unknown.Groups["name"].Value}'";
        }

        if (DuplicateProperty().Match(message) is { Success: true } duplicate)
        {
            return $"the field '{(duplicate.Groups["name"].Success ? duplicate.Groups["name"].Value : field)}' appears more than once";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return $"the value of '{(field.Length > 0 ? field : "$")}' has the wrong JSON type for that field";
        }

        return null;
    }

    private static string WithoutPosition(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    [GeneratedRegex(@"missing required properties including: (?<names>.+?)\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"The JSON property '(?<name>[^']*)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownProperty();

    [GeneratedRegex(@"^Duplicate (property '(?<name>[^']*)'|properties)", RegexOptions.CultureInvariant)]
    private static partial Regex DuplicateProperty();
}

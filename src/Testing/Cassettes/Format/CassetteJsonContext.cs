using System.Text.Json.Serialization;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// The source-generated JSON contract of a cassette. Its options (camelCase, indented, nulls
/// left out, strict reading) are set where it is created, in <see cref="CassetteSerializer"/>.
/// </summary>
[JsonSerializable(typeof(CassetteDocument))]
internal sealed partial class CassetteJsonContext : JsonSerializerContext;

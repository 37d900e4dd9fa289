using System.Text.Json.Serialization;

namespace ProcessKit.Testing.Isolation.Protocol;

/// <summary>The channel's own JSON, source-generated: independent of the options the caller's values use.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Frame))]
internal sealed partial class ProtocolJson : JsonSerializerContext;

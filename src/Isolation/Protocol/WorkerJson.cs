using System.Text.Json.Serialization;

namespace ProcessKit.Testing.Isolation.Protocol;

/// <summary>The lifecycle worker's frames as JSON, source-generated like the channel's own.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WorkerFrame))]
internal sealed partial class WorkerJson : JsonSerializerContext;

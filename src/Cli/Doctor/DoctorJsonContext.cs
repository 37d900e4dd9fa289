using System.Text.Json.Serialization;

namespace ProcessKit.Cli.Doctor;

/// <summary>The source-generated JSON contract of <c>processkit doctor --json</c>: camelCase, indented, nulls written.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(DoctorReport))]
internal sealed partial class DoctorJsonContext : JsonSerializerContext;

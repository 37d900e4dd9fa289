using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ProcessKit.Testing.Isolation.Host;

/// <summary>
/// A value as JSON with the serializer's default options. A <see cref="bool"/>, <see cref="int"/>,
/// <see cref="long"/> or <see cref="string"/> is written directly, in the same bytes the serializer
/// writes (its default options write these with <see cref="Utf8JsonWriter"/> and no encoder of
/// their own): a fresh child then never starts the serializer's reflection-based metadata, which
/// costs more than the rest of a small call. Every other type goes through the serializer.
/// </summary>
internal static class DefaultJsonValues
{
    /// <summary><paramref name="value"/>, of declared type <paramref name="type"/>, as JSON.</summary>
    public static string Serialize(object? value, Type type)
    {
        if (value is null && !type.IsValueType)
        {
            return "null";
        }

        return value switch
        {
            bool flag when type == typeof(bool) => flag ? "true" : "false",
            int number when type == typeof(int) => number.ToString(CultureInfo.InvariantCulture),
            long number when type == typeof(long) => number.ToString(CultureInfo.InvariantCulture),
            string text when type == typeof(string) => Text(text),
            _ => JsonSerializer.Serialize(value, type, JsonSerializerOptions.Default),
        };
    }

    private static string Text(string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(text);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

using System.Text;
using System.Text.Json;

namespace ProcessKit.Testing.Tests.Cassettes.Infrastructure;

/// <summary>Looks for secrets in a cassette file as stored: its bytes, and the bytes of its base64 output.</summary>
internal static class CassetteBytes
{
    /// <summary>None of <paramref name="canaries"/> is in the file's bytes, nor in the bytes of its base64 output.</summary>
    public static void AssertAbsent(string path, params string[] canaries)
    {
        var bytes = File.ReadAllBytes(path);
        var decoded = new List<byte[]> { bytes };
        using (var document = JsonDocument.Parse(bytes))
        {
            foreach (var interaction in document.RootElement.GetProperty("interactions").EnumerateArray())
            {
                foreach (var stream in new[] { "stdout", "stderr" })
                {
                    if (interaction.TryGetProperty(stream + "Base64", out var flag) && flag.GetBoolean())
                    {
                        decoded.Add(Convert.FromBase64String(interaction.GetProperty(stream).GetString()!));
                    }
                }
            }
        }

        foreach (var canary in canaries)
        {
            var needle = Encoding.UTF8.GetBytes(canary);
            Assert.All(decoded, haystack => Assert.True(haystack.AsSpan().IndexOf(needle) < 0, $"The cassette {path} holds the secret {canary}:\n{Encoding.UTF8.GetString(bytes)}"));
        }
    }
}

using System.Text;
using System.Text.Json;

namespace ProcessKit.Testing.Isolation.Protocol;

/// <summary>
/// A frame's bytes. The frames of every call (<see cref="FrameKind.Call"/>, <see cref="FrameKind.Returned"/>,
/// <see cref="FrameKind.Cancel"/>) are written by hand in a small binary form: a fresh child reads
/// its first call without JIT-compiling the source-generated JSON metadata of the whole protocol,
/// which cost a cold call more than the rest of the host together, and a warm worker reads and
/// writes them without a JSON parse. Every other frame is JSON (<see cref="ProtocolJson"/>): rare,
/// and free to grow. The first byte says which form follows.
/// </summary>
/// <remarks>
/// The binary form carries exactly the properties <see cref="Frame"/>, <see cref="CallRequest"/>
/// and <see cref="MethodLocation"/> have today; a property added to one of them must be added here
/// too (a test lists them, and fails on a new one).
/// </remarks>
internal static class FrameCodec
{
    private const byte Binary = 1;
    private const byte Json = 2;

    /// <summary>The frame's bytes.</summary>
    public static byte[] Encode(Frame frame)
    {
        if (frame.Kind is not (FrameKind.Call or FrameKind.Returned or FrameKind.Cancel) || frame.Error is not null)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(frame, ProtocolJson.Default.Frame);
            var tagged = new byte[json.Length + 1];
            tagged[0] = Json;
            json.CopyTo(tagged, 1);
            return tagged;
        }

        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Binary);
            writer.Write((byte)frame.Kind);
            writer.Write(frame.Id);
            WriteText(writer, frame.Value);
            writer.Write(frame.Call is not null);
            if (frame.Call is { } call)
            {
                WriteLocation(writer, call.Method);
                writer.Write(call.Arguments.Count);
                foreach (var argument in call.Arguments)
                {
                    writer.Write(argument);
                }

                writer.Write(call.JsonOptions is not null);
                if (call.JsonOptions is { } options)
                {
                    WriteLocation(writer, options);
                }

                WriteText(writer, call.Culture);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The frame in <paramref name="body"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a frame.</exception>
    public static Frame Decode(byte[] body)
    {
        try
        {
            return body[0] switch
            {
                Json => JsonSerializer.Deserialize(body.AsSpan(1), ProtocolJson.Default.Frame) ?? throw new InvalidDataException("A frame was the JSON null."),
                Binary => DecodeBinary(body),
                _ => throw new InvalidDataException($"A frame began with byte {body[0]}, which names no form."),
            };
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or ArgumentException or DecoderFallbackException or OverflowException)
        {
            throw new InvalidDataException("The bytes are not a frame: " + e.Message, e);
        }
    }

    private static Frame DecodeBinary(byte[] body)
    {
        using var reader = new BinaryReader(new MemoryStream(body, 1, body.Length - 1, writable: false), Encoding.UTF8);
        var kind = (FrameKind)reader.ReadByte();
        var id = reader.ReadInt64();
        var value = ReadText(reader);
        CallRequest? call = null;
        if (reader.ReadBoolean())
        {
            var method = ReadLocation(reader);
            var arguments = new string[reader.ReadInt32()];
            for (var i = 0; i < arguments.Length; i++)
            {
                arguments[i] = reader.ReadString();
            }

            var options = reader.ReadBoolean() ? ReadLocation(reader) : null;
            call = new CallRequest(method, arguments, options, ReadText(reader));
        }

        return new Frame { Kind = kind, Id = id, Value = value, Call = call };
    }

    private static void WriteLocation(BinaryWriter writer, MethodLocation location)
    {
        writer.Write(location.AssemblyName);
        writer.Write(location.AssemblyPath);
        writer.Write(location.Token);
    }

    private static MethodLocation ReadLocation(BinaryReader reader) =>
        new(reader.ReadString(), reader.ReadString(), reader.ReadInt32());

    private static void WriteText(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null)
        {
            writer.Write(text);
        }
    }

    private static string? ReadText(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}

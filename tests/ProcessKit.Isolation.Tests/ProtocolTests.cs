using System.Text.Json;
using ProcessKit.Testing.Isolation.Host;
using ProcessKit.Testing.Isolation.Protocol;

namespace ProcessKit.Isolation.Tests;

public sealed class ProtocolTests
{
    private static readonly MethodLocation Method = new("Caller, Version=1.0.0.0", "/tests/Caller.dll", 0x06000012);

    [Fact]
    public void A_call_frame_comes_through_the_binary_form_whole()
    {
        var call = new CallRequest(Method, ["1", "\"é\\n\"", ""], new MethodLocation("Options", "/o.dll", 0x06000001), "fr-FR");

        var read = RoundTrip(new Frame { Kind = FrameKind.Call, Id = long.MaxValue, Call = call });

        Assert.Equal(1, FrameCodecForm(new Frame { Kind = FrameKind.Call, Id = 1, Call = call }));
        Assert.Equal(FrameKind.Call, read.Kind);
        Assert.Equal(long.MaxValue, read.Id);
        Assert.Equal(Method, read.Call!.Method);
        Assert.Equal(call.Arguments, read.Call.Arguments);
        Assert.Equal(call.JsonOptions, read.Call.JsonOptions);
        Assert.Equal("fr-FR", read.Call.Culture);
    }

    [Fact]
    public void A_call_without_options_or_culture_keeps_them_absent()
    {
        var read = RoundTrip(new Frame { Kind = FrameKind.Call, Id = 3, Call = new CallRequest(Method, [], null, null) });

        Assert.Empty(read.Call!.Arguments);
        Assert.Null(read.Call.JsonOptions);
        Assert.Null(read.Call.Culture);
    }

    [Fact]
    public void Replies_and_cancels_keep_their_value_or_its_absence()
    {
        Assert.Equal("{\"a\":1}", RoundTrip(new Frame { Kind = FrameKind.Returned, Id = 7, Value = "{\"a\":1}" }).Value);
        Assert.Null(RoundTrip(new Frame { Kind = FrameKind.Returned, Id = 7 }).Value);
        var cancel = RoundTrip(new Frame { Kind = FrameKind.Cancel, Id = 9 });
        Assert.Equal((FrameKind.Cancel, 9L, null), (cancel.Kind, cancel.Id, cancel.Call));
    }

    [Fact]
    public void A_frame_with_an_error_goes_as_json_and_keeps_it()
    {
        var error = new RemoteError("Outer", ["Base"], "outer", "at X", [new RemoteError("Inner", [], "inner", null, [])]);
        var frame = new Frame { Kind = FrameKind.Threw, Id = 2, Error = error };

        var read = RoundTrip(frame);

        Assert.Equal(2, FrameCodecForm(frame));
        Assert.Equal(("Outer", "outer", "at X", "Base"), (read.Error!.TypeName, read.Error.Message, read.Error.StackTrace, read.Error.BaseTypeNames.Single()));
        Assert.Equal("inner", read.Error.InnerErrors.Single().Message);
    }

    [Fact]
    public void Bytes_that_are_no_frame_are_refused()
    {
        Assert.Throws<InvalidDataException>(() => FrameCodec.Decode([9, 1, 2]));
        Assert.Throws<InvalidDataException>(() => FrameCodec.Decode([1, (byte)FrameKind.Call, 1]));
    }

    // The binary form writes these properties by name: a new one must be added to FrameCodec too.
    [Theory]
    [InlineData(typeof(Frame), "Call,Error,Id,Kind,Value")]
    [InlineData(typeof(CallRequest), "Arguments,Culture,JsonOptions,Method")]
    [InlineData(typeof(MethodLocation), "AssemblyName,AssemblyPath,Token")]
    public void The_binary_form_covers_every_property_of_the_call_frames(Type type, string properties) =>
        Assert.Equal(properties, string.Join(",", type.GetProperties().Where(p => p.Name != "EqualityContract").Select(p => p.Name).Order(StringComparer.Ordinal)));

    [Theory]
    [InlineData(true)]
    [InlineData(-42)]
    [InlineData(long.MinValue)]
    [InlineData("plain")]
    [InlineData("<tag> & 'quote' \"double\" é ü 😀 \n\t\u0001 +`")]
    [InlineData("")]
    public void A_primitive_value_is_written_as_the_serializer_writes_it(object value) =>
        Assert.Equal(JsonSerializer.Serialize(value, value.GetType(), JsonSerializerOptions.Default), DefaultJsonValues.Serialize(value, value.GetType()));

    [Fact]
    public void Other_values_and_null_are_written_as_the_serializer_writes_them()
    {
        Assert.Equal("null", DefaultJsonValues.Serialize(null, typeof(string)));
        Assert.Equal("null", DefaultJsonValues.Serialize(null, typeof(int?)));
        Assert.Equal("3", DefaultJsonValues.Serialize(3, typeof(int?)));
        Assert.Equal(JsonSerializer.Serialize(new Point(1, 2)), DefaultJsonValues.Serialize(new Point(1, 2), typeof(Point)));
        Assert.Equal("1.5", DefaultJsonValues.Serialize(1.5, typeof(double)));
        Assert.Equal("3", DefaultJsonValues.Serialize(3, typeof(object)));
    }

    [Fact]
    public void A_channel_socket_listens_at_its_path_and_removes_it()
    {
        string path;
        using (var socket = ChannelSocket.Listen())
        {
            path = socket.Path;
            Assert.True(File.Exists(path));
        }

        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Frames_cross_a_real_connection_both_ways()
    {
        using var listener = ChannelSocket.Listen();
        var accepted = listener.AcceptAsync(TestContext.Current.CancellationToken);
        using var child = HostConnection.Connect(listener.Path);
        await using var parentEnd = await accepted;
        var parent = new FrameChannel(parentEnd);
        var host = new FrameChannel(child.Stream);

        parent.Write(new Frame { Kind = FrameKind.Cancel, Id = 5 });
        Assert.Equal(5, host.Read()!.Id);
        host.Write(new Frame { Kind = FrameKind.Returned, Id = 5, Value = "1" });
        Assert.Equal("1", (await parent.ReadAsync(TestContext.Current.CancellationToken))!.Value);

        // After the host's shutdown both ends read the end of the channel.
        child.Shutdown();
        Assert.Null(host.Read());
        Assert.Null(await parent.ReadAsync(TestContext.Current.CancellationToken));
        Assert.False(File.Exists(listener.Path));
    }

    private static Frame RoundTrip(Frame frame) => FrameCodec.Decode(FrameCodec.Encode(frame));

    private static byte FrameCodecForm(Frame frame) => FrameCodec.Encode(frame)[0];

    private sealed record Point(int X, int Y);
}

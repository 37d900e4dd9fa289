using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;

namespace ProcessKit.Testing.Isolation.Workers;

/// <summary>
/// The messages one side of a lifecycle worker has received and not yet taken, as JSON, read back
/// typed: the same on the parent's side and the worker's. Completed when no more can come; what
/// arrived before stays readable.
/// </summary>
internal sealed class MessageInbox(JsonSerializerOptions json)
{
    private readonly Channel<string> _messages = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = true });

    /// <summary>Adds a message that arrived.</summary>
    public void Post(string payload) => _messages.Writer.TryWrite(payload);

    /// <summary>No more messages will arrive.</summary>
    public void Complete() => _messages.Writer.TryComplete();

    /// <summary>Takes the next message if one is waiting.</summary>
    public bool TryReceive<T>([MaybeNullWhen(false)] out T message)
    {
        if (_messages.Reader.TryRead(out var payload))
        {
            message = JsonSerializer.Deserialize<T>(payload, json)!;
            return true;
        }

        message = default;
        return false;
    }

    /// <summary>Waits for the next message.</summary>
    /// <exception cref="InvalidOperationException">No message is waiting and none can come any more.</exception>
    public async Task<T> ReceiveAsync<T>(string ended, CancellationToken cancellationToken)
    {
        try
        {
            var payload = await _messages.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<T>(payload, json)!;
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException(ended);
        }
    }

    /// <summary>Waits at most <paramref name="timeout"/> for the next message.</summary>
    /// <exception cref="TimeoutException">None arrived in time.</exception>
    /// <exception cref="InvalidOperationException">No message is waiting and none can come any more.</exception>
    public async Task<T> ReceiveAsync<T>(TimeSpan timeout, string ended, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return await ReceiveAsync<T>(ended, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"No message arrived within {timeout.TotalMilliseconds:0} ms."));
        }
    }

    /// <summary>Every message, as it arrives, until none can come any more.</summary>
    public async IAsyncEnumerable<T> ReadAllAsync<T>([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var payload in _messages.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return JsonSerializer.Deserialize<T>(payload, json)!;
        }
    }
}

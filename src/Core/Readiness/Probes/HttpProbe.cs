using System.Globalization;
using System.Net;

namespace ProcessKit;

/// <summary>
/// Ready once a GET answers a status the predicate accepts. A failed request (refused, reset, a
/// request that timed out) means not yet; only the predicate's own exception or cancellation throws.
/// </summary>
internal sealed class HttpProbe(Uri url, Func<HttpStatusCode, bool>? isReady, HttpClient? client) : PollingProbe
{
    /// <summary>How long the shared client gives one request: a server that accepted the connection but hangs is asked again.</summary>
    internal static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// One client for every probe that brings none, so polling never exhausts sockets. No proxy:
    /// readiness is about the server itself, and a proxy would answer for it (a 502 is not the server's answer).
    /// </summary>
    private static readonly HttpClient SharedClient = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = RequestTimeout })
    {
        Timeout = RequestTimeout,
    };

    private readonly HttpClient _client = client ?? SharedClient;

    // The user-info part of a URL may hold a password: it never reaches a message.
    public override string Description { get; } =
        $"GET {url.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped)} to answer {(isReady is null ? "a 2xx status" : "a ready status")}";

    protected override async Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = response.StatusCode;
            if (isReady?.Invoke(status) ?? response.IsSuccessStatusCode)
            {
                return true;
            }

            context.ReportCheck(this, string.Create(CultureInfo.InvariantCulture, $"answered {(int)status} {status}"));
            return false;
        }
        catch (HttpRequestException e)
        {
            context.ReportCheck(this, e.Message);
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            context.ReportCheck(this, "the request timed out");
            return false;
        }
    }
}

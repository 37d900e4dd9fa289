using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>An nginx server made by <see cref="NginxServerBuilder"/>: its base address.</summary>
public sealed class NginxServer : HelperServer
{
    /// <summary>Makes the server from a definition (see <see cref="NginxServerBuilder"/>).</summary>
    /// <param name="definition">The definition; its first port is the HTTP port.</param>
    public NginxServer(HelperServerDefinition definition)
        : base(definition)
    {
    }

    /// <summary><c>http://host:port/</c> (the existing server's scheme, for an existing server), for <see cref="HttpClient.BaseAddress"/>.</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public Uri BaseAddress
    {
        get
        {
            var scheme = ExistingServerAddress?.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
            var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
            return new Uri($"{scheme}://{host}:{Port.ToString(CultureInfo.InvariantCulture)}/");
        }
    }
}

using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>
/// The address of an already running server, read from the environment variable a fixture names:
/// <c>host:port</c>, <c>[v6-address]:port</c>, or a URL with a host and port
/// (<c>redis://host:6379</c>, <c>postgresql://user:secret@host:5432/db</c>, <c>http://host:8080/</c>).
/// The value may hold a password, so messages show only the variable's name, host and port.
/// </summary>
internal sealed record ExistingServerEndpoint(string Variable, Uri Uri, string Host, int Port)
{
    /// <summary>Reads <paramref name="variable"/>; null when it is unset or empty.</summary>
    /// <exception cref="FormatException">The value is not an address with a host and a port.</exception>
    internal static ExistingServerEndpoint? Read(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable)?.Trim();
        return string.IsNullOrEmpty(value) ? null : Parse(variable, value);
    }

    /// <exception cref="FormatException">The value is not an address with a host and a port.</exception>
    internal static ExistingServerEndpoint Parse(string variable, string value)
    {
        if (value.Contains("://", StringComparison.Ordinal))
        {
            if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Host.Length > 0 && uri.Port is > 0 and <= 65535)
            {
                return new ExistingServerEndpoint(variable, uri, uri.Host.Trim('[', ']'), uri.Port);
            }

            throw new FormatException($"The environment variable {variable} holds a URL without a host and a port: give scheme://host:port (the value is not shown, it may hold a password).");
        }

        var colon = value.LastIndexOf(':');
        if (colon > 0
            && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
        {
            var host = value[..colon].Trim('[', ']');
            if (host.Length > 0 && Uri.CheckHostName(host) != UriHostNameType.Unknown)
            {
                var uriHost = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
                return new ExistingServerEndpoint(variable, new Uri($"tcp://{uriHost}:{port.ToString(CultureInfo.InvariantCulture)}"), host, port);
            }
        }

        throw new FormatException($"The environment variable {variable} is not an address: give host:port or scheme://host:port (for example 127.0.0.1:6379).");
    }

    /// <inheritdoc />
    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)} (from {Variable})";
}

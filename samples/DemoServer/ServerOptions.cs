using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace ProcessKit.Samples.DemoServer;

/// <summary>The command line: <c>--port PORT</c> (required, 0 for any free port) and <c>--host ADDRESS</c> (127.0.0.1 by default).</summary>
internal sealed record ServerOptions(IPAddress Address, int Port)
{
    public static bool TryParse(string[] args, [NotNullWhen(true)] out ServerOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        int? port = null;
        var address = IPAddress.Loopback;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= IPEndPoint.MaxPort:
                    port = number;
                    i++;
                    break;
                case "--host" when IPAddress.TryParse(value, out var parsed):
                    address = parsed;
                    i++;
                    break;
                case "--port" or "--host":
                    error = $"{args[i]} needs a valid value, not '{value}'";
                    return false;
                default:
                    error = $"unknown argument '{args[i]}'";
                    return false;
            }
        }

        if (port is null)
        {
            error = "--port is required";
            return false;
        }

        options = new ServerOptions(address, port.Value);
        error = null;
        return true;
    }
}

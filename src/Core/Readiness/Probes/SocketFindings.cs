using System.Net.Sockets;

namespace ProcessKit;

/// <summary>Says in a few words why a connect failed, for the timeout message of a socket probe.</summary>
internal static class SocketFindings
{
    internal static string Describe(SocketException failure) => failure.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => "address not available",
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "host not found",
        SocketError.TimedOut => "connect timed out",
        _ => failure.Message,
    };
}

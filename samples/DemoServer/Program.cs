using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using ProcessKit.Samples.DemoServer;

// DemoServer: a TCP service with a line protocol (see LineProtocol). Usage: DemoServer --port PORT [--host ADDRESS]
// Prints "listening on PORT" once it accepts connections. SIGTERM or Ctrl+C stops it (exit 0);
// bad arguments exit 2; a port it cannot bind exits 1 with the reason ("Address already in use").
if (!ServerOptions.TryParse(args, out var options, out var usageError))
{
    Console.Error.WriteLine($"DemoServer: {usageError}");
    Console.Error.WriteLine("usage: DemoServer --port PORT [--host ADDRESS]   (PORT 0: any free port)");
    return 2;
}

using var stopping = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

var listener = new TcpListener(options.Address, options.Port);
try
{
    listener.Start();
}
catch (SocketException e)
{
    Console.Error.WriteLine($"DemoServer: could not listen on {options.Address}:{options.Port.ToString(CultureInfo.InvariantCulture)}: {e.Message}");
    return 1;
}

var port = ((IPEndPoint)listener.LocalEndpoint).Port;
Console.WriteLine($"listening on {port.ToString(CultureInfo.InvariantCulture)}");
var connections = 0;
var clients = new List<Task>();
try
{
    while (true)
    {
        var client = await listener.AcceptTcpClientAsync(stopping.Token);
        var number = Interlocked.Increment(ref connections);
        Console.WriteLine($"connection {number.ToString(CultureInfo.InvariantCulture)} from {client.Client.RemoteEndPoint}");
        clients.RemoveAll(task => task.IsCompleted);
        clients.Add(LineProtocol.ServeAsync(client, number, stopping.Token));
    }
}
catch (OperationCanceledException)
{
    Console.WriteLine("stopping");
}
finally
{
    listener.Stop();
}

await Task.WhenAll(clients);
Console.WriteLine("stopped");
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true; // stop in order rather than be killed by the default action
    stopping.Cancel();
}

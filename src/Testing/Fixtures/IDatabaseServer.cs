namespace ProcessKit.Testing;

/// <summary>
/// A server that clients reach through a connection string (the redis and postgres presets): the
/// same shape as Testcontainers' <c>IDatabaseContainer</c>, so a test written against a container
/// moves to a contained local process by renaming its types.
/// </summary>
public interface IDatabaseServer
{
    /// <summary>The connection string in the form the usual .NET client of this server takes, with the credentials the server was built with.</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    string GetConnectionString();
}

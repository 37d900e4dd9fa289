using System.Text.Json;
using ProcessKit.Testing.Isolation.Calls;

namespace ProcessKit.Testing.Isolation;

/// <summary>
/// Runs a piece of your own code in a fresh, contained child process: a static method, or a
/// lambda that captures nothing, from your assembly. The child loads your program's runtime
/// configuration and dependencies (its <c>.runtimeconfig.json</c> and <c>.deps.json</c>), so the
/// code sees the same assemblies; it runs in a container of its own (a cgroup, else a process
/// group: the one a one-shot command gets), so whatever it starts is killed with it. Use it for code that changes process-wide state (environment, current
/// directory, culture, static caches), exits, fails fast or crashes.
/// </summary>
/// <remarks>
/// Arguments and the value cross as JSON (<see cref="IsolationOptions.JsonOptions"/>). A method's
/// last <see cref="CancellationToken"/> parameter receives a token the caller's token cancels.
/// An exception the code throws comes back as <see cref="RemoteException"/>; a child that ends
/// another way than it should, as <see cref="UnexpectedOutcomeException"/>. A lambda that
/// captures state is refused with <see cref="NotIsolatableException"/>, naming what it captured.
/// </remarks>
public static class Isolated
{
    /// <summary>Runs <paramref name="action"/> in a child.</summary>
    /// <param name="action">A static method or a lambda that captures nothing.</param>
    /// <param name="options">Limits, environment, expected outcome; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the call: the child's token is cancelled, and its tree killed if it does not stop in 5 s; then <see cref="OperationCanceledException"/>.</param>
    /// <returns>How the child ended.</returns>
    /// <exception cref="NotIsolatableException">The delegate captures state or cannot be found by the child.</exception>
    /// <exception cref="RemoteException">The code threw.</exception>
    /// <exception cref="UnexpectedOutcomeException">The child ended other than expected.</exception>
    public static Task<IsolatedResult> RunAsync(Action action, IsolationOptions? options = null, CancellationToken cancellationToken = default) =>
        RunVoidAsync(action, nameof(action), NoArguments, options, cancellationToken);

    /// <summary>Runs asynchronous <paramref name="action"/> in a child and awaits its task there.</summary>
    /// <inheritdoc cref="RunAsync(Action, IsolationOptions?, CancellationToken)" />
    public static Task<IsolatedResult> RunAsync(Func<Task> action, IsolationOptions? options = null, CancellationToken cancellationToken = default) =>
        RunVoidAsync(action, nameof(action), NoArguments, options, cancellationToken);

    /// <summary>Runs asynchronous <paramref name="action"/> in a child with a token the caller's cancels.</summary>
    /// <inheritdoc cref="RunAsync(Action, IsolationOptions?, CancellationToken)" />
    public static Task<IsolatedResult> RunAsync(Func<CancellationToken, Task> action, IsolationOptions? options = null, CancellationToken cancellationToken = default) =>
        RunVoidAsync(action, nameof(action), NoArguments, options, cancellationToken);

    /// <summary>Runs <paramref name="action"/> with <paramref name="argument"/> in a child.</summary>
    /// <typeparam name="TArgument">The argument's type; it crosses as JSON.</typeparam>
    /// <param name="action">A static method or a lambda that captures nothing.</param>
    /// <param name="argument">The argument.</param>
    /// <param name="options">Limits, environment, expected outcome; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the call: the child's token is cancelled, and its tree killed if it does not stop in 5 s; then <see cref="OperationCanceledException"/>.</param>
    /// <returns>How the child ended.</returns>
    /// <exception cref="NotIsolatableException">The delegate captures state or cannot be found by the child.</exception>
    /// <exception cref="RemoteException">The code threw.</exception>
    /// <exception cref="UnexpectedOutcomeException">The child ended other than expected.</exception>
    public static Task<IsolatedResult> RunAsync<TArgument>(Action<TArgument> action, TArgument argument, IsolationOptions? options = null, CancellationToken cancellationToken = default) =>
        RunVoidAsync(action, nameof(action), json => [JsonSerializer.Serialize(argument, json)], options, cancellationToken);

    /// <summary>Runs <paramref name="function"/> in a child and brings its value back.</summary>
    /// <typeparam name="T">The value's type; it crosses as JSON.</typeparam>
    /// <param name="function">A static method or a lambda that captures nothing.</param>
    /// <param name="options">Limits, environment, expected outcome; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the call: the child's token is cancelled, and its tree killed if it does not stop in 5 s; then <see cref="OperationCanceledException"/>.</param>
    /// <returns>How the child ended, and the value.</returns>
    /// <exception cref="NotIsolatableException">The delegate captures state or cannot be found by the child.</exception>
    /// <exception cref="RemoteException">The code threw.</exception>
    /// <exception cref="UnexpectedOutcomeException">The child ended other than expected.</exception>
    public static Task<IsolatedResult<T>> RunAsync<T>(Func<T> function, IsolationOptions? options = null, CancellationToken cancellationToken = default) =>
        RunValueAsync<T>(function, nameof(function), NoArguments, options, cancellationToken);

    /// <summary>Runs asynchronous <paramref name="function"/> in a child, awaits it there and brings its value back.</summary>
    /// <inheritdoc cref="RunAsync{T}(Func{T}, IsolationOptions?, CancellationToken)" />
    public static Task<IsolatedResult<T>> RunAsync<T>(Func<Task<T>> function, IsolationOptions? options = null, CancellationToken cancellationToken = default) =>
        RunValueAsync<T>(function, nameof(function), NoArguments, options, cancellationToken);

    /// <summary>Runs asynchronous <paramref name="function"/> in a child with a token the caller's cancels, and brings its value back.</summary>
    /// <inheritdoc cref="RunAsync{T}(Func{T}, IsolationOptions?, CancellationToken)" />
    public static Task<IsolatedResult<T>> RunAsync<T>(Func<CancellationToken, Task<T>> function, IsolationOptions? options = null, CancellationToken cancellationToken = default) =>
        RunValueAsync<T>(function, nameof(function), NoArguments, options, cancellationToken);

    /// <summary>Runs <paramref name="function"/> with <paramref name="argument"/> in a child and brings its value back.</summary>
    /// <typeparam name="TArgument">The argument's type; it crosses as JSON.</typeparam>
    /// <typeparam name="T">The value's type; it crosses as JSON.</typeparam>
    /// <param name="function">A static method or a lambda that captures nothing.</param>
    /// <param name="argument">The argument.</param>
    /// <param name="options">Limits, environment, expected outcome; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the call: the child's token is cancelled, and its tree killed if it does not stop in 5 s; then <see cref="OperationCanceledException"/>.</param>
    /// <returns>How the child ended, and the value.</returns>
    /// <exception cref="NotIsolatableException">The delegate captures state or cannot be found by the child.</exception>
    /// <exception cref="RemoteException">The code threw.</exception>
    /// <exception cref="UnexpectedOutcomeException">The child ended other than expected.</exception>
    public static Task<IsolatedResult<T>> RunAsync<TArgument, T>(Func<TArgument, T> function, TArgument argument, IsolationOptions? options = null, CancellationToken cancellationToken = default) =>
        RunValueAsync<T>(function, nameof(function), json => [JsonSerializer.Serialize(argument, json)], options, cancellationToken);

    /// <summary>Runs asynchronous <paramref name="function"/> with <paramref name="argument"/>, awaits it in the child and brings its value back.</summary>
    /// <inheritdoc cref="RunAsync{TArgument, T}(Func{TArgument, T}, TArgument, IsolationOptions?, CancellationToken)" />
    public static Task<IsolatedResult<T>> RunAsync<TArgument, T>(Func<TArgument, Task<T>> function, TArgument argument, IsolationOptions? options = null, CancellationToken cancellationToken = default) =>
        RunValueAsync<T>(function, nameof(function), json => [JsonSerializer.Serialize(argument, json)], options, cancellationToken);

    /// <summary>Runs asynchronous <paramref name="function"/> with <paramref name="argument"/> and a token the caller's cancels, and brings its value back.</summary>
    /// <inheritdoc cref="RunAsync{TArgument, T}(Func{TArgument, T}, TArgument, IsolationOptions?, CancellationToken)" />
    public static Task<IsolatedResult<T>> RunAsync<TArgument, T>(Func<TArgument, CancellationToken, Task<T>> function, TArgument argument, IsolationOptions? options = null, CancellationToken cancellationToken = default) =>
        RunValueAsync<T>(function, nameof(function), json => [JsonSerializer.Serialize(argument, json)], options, cancellationToken);

    private static IReadOnlyList<string> NoArguments(JsonSerializerOptions json) => [];

    private static async Task<IsolatedResult> RunVoidAsync(Delegate function, string parameterName, Func<JsonSerializerOptions, IReadOnlyList<string>> arguments, IsolationOptions? options, CancellationToken cancellationToken)
    {
        var (result, _, _) = await IsolatedInvocation.RunAsync(function, parameterName, arguments, options, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static async Task<IsolatedResult<T>> RunValueAsync<T>(Delegate function, string parameterName, Func<JsonSerializerOptions, IReadOnlyList<string>> arguments, IsolationOptions? options, CancellationToken cancellationToken)
    {
        var (result, value, json) = await IsolatedInvocation.RunAsync(function, parameterName, arguments, options, cancellationToken).ConfigureAwait(false);
        return new IsolatedResult<T>(result, value is null ? default! : JsonSerializer.Deserialize<T>(value, json)!);
    }
}

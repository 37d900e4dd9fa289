using System.Text.Json;

namespace ProcessKit.Testing.Isolation;

/// <summary>
/// Makes an <see cref="IsolatedFunction{TInput, TResult}"/>: a static method or a lambda that
/// captures nothing, for a <see cref="WorkerPool"/> to run over inputs. A function of two or
/// three parameters takes a tuple, spread over its parameters; a last
/// <see cref="CancellationToken"/> parameter receives the child's token.
/// </summary>
public static class IsolatedFunction
{
    /// <summary>A function of one input.</summary>
    /// <typeparam name="TInput">The input's type; it crosses as JSON.</typeparam>
    /// <typeparam name="TResult">The value's type; it crosses as JSON.</typeparam>
    /// <param name="function">A static method or a lambda that captures nothing.</param>
    /// <returns>The function, checked.</returns>
    /// <exception cref="NotIsolatableException">The delegate captures state or cannot be found by a child.</exception>
    public static IsolatedFunction<TInput, TResult> Of<TInput, TResult>(Func<TInput, TResult> function) => new(function, One<TInput>);

    /// <summary>An asynchronous function of one input; its task is awaited in the child.</summary>
    /// <inheritdoc cref="Of{TInput, TResult}(Func{TInput, TResult})" />
    public static IsolatedFunction<TInput, TResult> Of<TInput, TResult>(Func<TInput, Task<TResult>> function) => new(function, One<TInput>);

    /// <summary>An asynchronous function of one input and the child's cancellation token.</summary>
    /// <inheritdoc cref="Of{TInput, TResult}(Func{TInput, TResult})" />
    public static IsolatedFunction<TInput, TResult> Of<TInput, TResult>(Func<TInput, CancellationToken, Task<TResult>> function) => new(function, One<TInput>);

    /// <summary>A function of two parameters, fed a tuple.</summary>
    /// <typeparam name="T1">The first parameter's type.</typeparam>
    /// <typeparam name="T2">The second parameter's type.</typeparam>
    /// <typeparam name="TResult">The value's type; it crosses as JSON.</typeparam>
    /// <param name="function">A static method or a lambda that captures nothing.</param>
    /// <returns>The function, taking <c>(T1, T2)</c>.</returns>
    /// <exception cref="NotIsolatableException">The delegate captures state or cannot be found by a child.</exception>
    public static IsolatedFunction<(T1, T2), TResult> Of<T1, T2, TResult>(Func<T1, T2, TResult> function) =>
        new(function, static (input, json) => [JsonSerializer.Serialize(input.Item1, json), JsonSerializer.Serialize(input.Item2, json)]);

    /// <summary>A function of three parameters, fed a tuple.</summary>
    /// <typeparam name="T1">The first parameter's type.</typeparam>
    /// <typeparam name="T2">The second parameter's type.</typeparam>
    /// <typeparam name="T3">The third parameter's type.</typeparam>
    /// <typeparam name="TResult">The value's type; it crosses as JSON.</typeparam>
    /// <param name="function">A static method or a lambda that captures nothing.</param>
    /// <returns>The function, taking <c>(T1, T2, T3)</c>.</returns>
    /// <exception cref="NotIsolatableException">The delegate captures state or cannot be found by a child.</exception>
    public static IsolatedFunction<(T1, T2, T3), TResult> Of<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function) =>
        new(function, static (input, json) =>
            [JsonSerializer.Serialize(input.Item1, json), JsonSerializer.Serialize(input.Item2, json), JsonSerializer.Serialize(input.Item3, json)]);

    private static IReadOnlyList<string> One<TInput>(TInput input, JsonSerializerOptions json) => [JsonSerializer.Serialize(input, json)];
}

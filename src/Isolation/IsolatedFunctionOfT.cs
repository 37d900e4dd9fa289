using System.Reflection;
using System.Text.Json;
using ProcessKit.Testing.Isolation.Calls;
using ProcessKit.Testing.Isolation.Protocol;

namespace ProcessKit.Testing.Isolation;

/// <summary>
/// A function a child can run: where its method is, and how an input becomes its arguments. Made
/// by <see cref="IsolatedFunction"/>; checked when made, so a lambda that captures state is
/// refused before any child starts.
/// </summary>
/// <typeparam name="TInput">What one call takes (a tuple for a function of several parameters).</typeparam>
/// <typeparam name="TResult">What one call returns.</typeparam>
public sealed class IsolatedFunction<TInput, TResult>
{
    private readonly Func<TInput, JsonSerializerOptions, IReadOnlyList<string>> _arguments;

    internal IsolatedFunction(Delegate function, Func<TInput, JsonSerializerOptions, IReadOnlyList<string>> arguments)
    {
        Method = MethodReference.Locate(function, nameof(function));
        Name = MethodReference.Name(function.Method);
        Assembly = function.Method.Module.Assembly;
        _arguments = arguments;
    }

    /// <summary>The function as a reader knows it: <c>Type.Method</c>, or "a lambda in Type".</summary>
    public string Name { get; }

    /// <summary>Where a child finds the method.</summary>
    internal MethodLocation Method { get; }

    /// <summary>The assembly the method is in.</summary>
    internal Assembly Assembly { get; }

    /// <summary>The function's name.</summary>
    public override string ToString() => Name;

    /// <summary>The call's arguments as JSON.</summary>
    internal IReadOnlyList<string> Arguments(TInput input, JsonSerializerOptions json) => _arguments(input, json);
}

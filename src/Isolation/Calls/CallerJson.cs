using System.Text.Json;
using ProcessKit.Testing.Isolation.Protocol;

namespace ProcessKit.Testing.Isolation.Calls;

/// <summary>The caller's JSON options: made here from its factory, and the factory's location, so the child makes the same ones.</summary>
internal sealed record CallerJson(JsonSerializerOptions Options, MethodLocation? Factory)
{
    /// <summary>The options <paramref name="factory"/> makes, or the defaults.</summary>
    /// <exception cref="NotIsolatableException">The factory captures state.</exception>
    public static CallerJson From(Func<JsonSerializerOptions>? factory, string parameterName) =>
        factory is null
            ? new CallerJson(JsonSerializerOptions.Default, null)
            : new CallerJson(factory(), MethodReference.Locate(factory, parameterName));
}

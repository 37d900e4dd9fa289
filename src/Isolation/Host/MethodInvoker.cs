using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text.Json;
using ProcessKit.Testing.Isolation.Protocol;

namespace ProcessKit.Testing.Isolation.Host;

/// <summary>
/// The child's side of a call: finds the method by assembly and metadata token (cached, as a pool
/// worker calls the same one again and again), reads its arguments from JSON with the caller's
/// options, supplies the cancellation token, awaits a returned task and writes the value back.
/// </summary>
internal sealed class MethodInvoker
{
    private readonly ConcurrentDictionary<MethodLocation, MethodBase> _methods = new();
    private readonly ConcurrentDictionary<MethodLocation, JsonSerializerOptions> _jsonOptions = new();

    /// <summary>Runs <paramref name="call"/> and returns the reply: its value, or what it threw.</summary>
    public async Task<Frame> InvokeAsync(long id, CallRequest call, CancellationToken cancellationToken)
    {
        try
        {
            ApplyCulture(call.Culture);
            var method = Resolve(call.Method);
            // Null stands for the serializer's defaults, which are not touched unless a value needs them (see DefaultJsonValues).
            var options = call.JsonOptions is { } factory ? _jsonOptions.GetOrAdd(factory, CreateJsonOptions) : null;
            var arguments = Arguments(method, call.Arguments, options, cancellationToken);
            var target = method.IsStatic ? null : RuntimeHelpers.GetUninitializedObject(method.DeclaringType!);
            var returned = method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            var (value, type) = await Unwrap(returned, ((MethodInfo)method).ReturnType).ConfigureAwait(false);
            return new Frame { Kind = FrameKind.Returned, Id = id, Value = type is null ? null : options is null ? DefaultJsonValues.Serialize(value, type) : JsonSerializer.Serialize(value, type, options) };
        }
        catch (Exception e)
        {
            return new Frame { Kind = FrameKind.Threw, Id = id, Error = RemoteError.From(e) };
        }
    }

    /// <summary>Whether the call's method takes a cancellation token (its last parameter); false when the method cannot be found, which the call then reports.</summary>
    public bool TakesCancellation(CallRequest call)
    {
        try
        {
            return Resolve(call.Method).GetParameters() is [.., var last] && last.ParameterType == typeof(CancellationToken);
        }
        catch (Exception)
        {
            return false;
        }
    }

    private MethodBase Resolve(MethodLocation location) =>
        _methods.GetOrAdd(location, static l => LoadAssembly(l.AssemblyName, l.AssemblyPath).ManifestModule.ResolveMethod(l.Token)
            ?? throw new MissingMethodException($"No method has token 0x{l.Token:x8} in {l.AssemblyName}."));

    private JsonSerializerOptions CreateJsonOptions(MethodLocation factory)
    {
        var method = Resolve(factory);
        var target = method.IsStatic ? null : RuntimeHelpers.GetUninitializedObject(method.DeclaringType!);
        return method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, [], culture: null) as JsonSerializerOptions
            ?? throw new InvalidOperationException("The JSON options factory returned null.");
    }

    /// <summary>The caller's assembly: by its simple name when the caller's deps.json lists it (the usual case), else from its path.</summary>
    public static Assembly LoadAssembly(string name, string path)
    {
        try
        {
            return Assembly.Load(new AssemblyName(name));
        }
        catch (FileNotFoundException)
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        }
    }

    /// <summary>The options <paramref name="factory"/> makes (made once per factory), or the defaults.</summary>
    public JsonSerializerOptions JsonOptions(MethodLocation? factory) =>
        factory is null ? JsonSerializerOptions.Default : _jsonOptions.GetOrAdd(factory, CreateJsonOptions);

    /// <summary>Makes <paramref name="name"/> the current and UI culture, and the default for new threads; nothing when null.</summary>
    public static void ApplyCulture(string? name)
    {
        if (name is not null)
        {
            var culture = CultureInfo.GetCultureInfo(name);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = culture;
        }
    }

    private static object?[] Arguments(MethodBase method, IReadOnlyList<string> json, JsonSerializerOptions? options, CancellationToken cancellationToken)
    {
        var parameters = method.GetParameters();
        var values = new object?[parameters.Length];
        var next = 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            var type = parameters[i].ParameterType;
            values[i] = type == typeof(CancellationToken) && i == parameters.Length - 1
                ? cancellationToken
                : JsonSerializer.Deserialize(json[next++], type, options ?? JsonSerializerOptions.Default);
        }

        return values;
    }

    /// <summary>Awaits a returned task; the value and the type to write it as (null when there is no value).</summary>
    private static async Task<(object? Value, Type? Type)> Unwrap(object? returned, Type declared)
    {
        if (declared == typeof(void))
        {
            return (null, null);
        }

        if (returned is Task task)
        {
            await task.ConfigureAwait(false);
            if (!declared.IsGenericType)
            {
                return (null, null);
            }

            var valueType = declared.GetGenericArguments()[0];
            return (declared.GetProperty(nameof(Task<object>.Result))!.GetValue(task), valueType);
        }

        return (returned, declared);
    }
}

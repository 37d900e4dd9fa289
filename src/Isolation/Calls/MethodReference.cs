using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using ProcessKit.Testing.Isolation.Protocol;

namespace ProcessKit.Testing.Isolation.Calls;

/// <summary>
/// Turns a delegate into what a child can find on its own: the method's assembly and metadata
/// token. Only a delegate that carries no state qualifies: a static method, or a lambda that
/// captures nothing (the compiler puts it on a cached, field-less instance, which the child makes
/// afresh).
/// </summary>
internal static class MethodReference
{
    /// <summary>Where the child finds <paramref name="function"/>'s method.</summary>
    /// <exception cref="NotIsolatableException">The delegate carries state, or the child could not find its method.</exception>
    public static MethodLocation Locate(Delegate function, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(function, parameterName);
        if (function.HasSingleTarget is false)
        {
            throw Refuse(function, "it is a multicast delegate (several methods)", parameterName);
        }

        var method = function.Method;
        if (method is DynamicMethod || method.DeclaringType is null || method.Module.Assembly.IsDynamic || method.Module.Assembly.Location.Length == 0)
        {
            throw Refuse(function, "its method was generated at run time or its assembly has no file, so the child cannot load it", parameterName);
        }

        if (method.IsGenericMethod || method.DeclaringType.ContainsGenericParameters || method.DeclaringType.IsGenericType)
        {
            throw Refuse(function, "it is generic or declared in a generic type (a lambda inside a generic method); write it as a static method of a non-generic class", parameterName);
        }

        if (function.Target is { } target)
        {
            var type = target.GetType();

            // A lambda's closure is compiler-generated; its fields are what it captured, except the
            // compiler's caches of nested lambdas ("<>9__..."). Any other target is an object of the
            // caller's, whose state the child would not have.
            var captured = type.IsDefined(typeof(CompilerGeneratedAttribute))
                ? type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                    .Where(f => !f.Name.StartsWith("<>9__", StringComparison.Ordinal))
                    .Select(Describe)
                    .ToArray()
                : [$"this ({type.Name})"];
            if (captured.Length > 0)
            {
                throw new NotIsolatableException(
                    $"{Name(method)} cannot run in a child process: it captures {string.Join(", ", captured)}. " +
                    "The child gets the method, never these values: make the lambda static and pass what it needs as an argument.",
                    parameterName,
                    captured);
            }
        }

        // The simple name: the child parsing a full name's "Culture=neutral" would start globalization
        // (loading ICU) for nothing, a few milliseconds of every cold call.
        var assembly = method.Module.Assembly;
        return new MethodLocation(assembly.GetName().Name!, assembly.Location, method.MetadataToken);
    }

    /// <summary>The method's name as a reader knows it: <c>Type.Method</c>, or "a lambda in Type".</summary>
    public static string Name(MethodInfo method)
    {
        var type = method.DeclaringType;
        while (type is { } t && t.IsDefined(typeof(CompilerGeneratedAttribute)) && t.DeclaringType is not null)
        {
            type = t.DeclaringType;
        }

        return method.Name.StartsWith('<') ? $"a lambda in {type?.Name}" : $"{type?.Name}.{method.Name}";
    }

    private static string Describe(FieldInfo field)
    {
        // The compiler names the enclosing instance "<>4__this"; a captured local or parameter keeps its name.
        var name = field.Name.EndsWith("__this", StringComparison.Ordinal) ? "this" : field.Name;
        return $"{name} ({field.FieldType.Name})";
    }

    private static NotIsolatableException Refuse(Delegate function, string reason, string parameterName) =>
        new($"{Name(function.Method)} cannot run in a child process: {reason}.", parameterName, []);
}

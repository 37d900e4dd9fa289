using System.Text.Json;
using ProcessKit.Testing.Isolation.Calls;
using ProcessKit.Testing.Isolation.Children;
using ProcessKit.Testing.Isolation.Protocol;

namespace ProcessKit.Testing.Isolation;

/// <summary>Starts an <see cref="IsolatedWorker{TResult}"/> in a contained child process.</summary>
public static class IsolatedWorker
{
    /// <summary>
    /// Starts <paramref name="worker"/>'s lifecycle in a fresh child process, and returns once the
    /// child is up. The child loads the runtime files of the worker type's assembly (else of the
    /// entry assembly) and makes its own instance from <paramref name="worker"/>'s JSON.
    /// </summary>
    /// <typeparam name="TResult">The worker's result type.</typeparam>
    /// <param name="worker">The worker and its configuration (its public properties).</param>
    /// <param name="options">Runs, time limit, lives, phase timeouts, environment; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start; whatever started is killed.</param>
    /// <returns>The running worker.</returns>
    /// <exception cref="NotIsolatableException">The worker's type cannot be made in a child: its assembly has no file, or System.Text.Json cannot make an instance from the JSON of <paramref name="worker"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="FileNotFoundException">Neither the worker's assembly nor the entry assembly has a runtimeconfig.json and deps.json beside it.</exception>
    public static Task<RunningWorker<TResult>> StartAsync<TResult>(IsolatedWorker<TResult> worker, IsolatedWorkerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        options ??= new IsolatedWorkerOptions();
        options.Validate();
        var json = CallerJson.From(options.JsonOptions, nameof(options.JsonOptions));
        var type = worker.GetType();
        var assembly = type.Assembly;
        if (assembly.IsDynamic || assembly.Location.Length == 0 || type.FullName is null)
        {
            throw new NotIsolatableException($"{type.Name} cannot run in a child process: its assembly was generated at run time or has no file, so the child cannot load it.", nameof(worker), []);
        }

        var configuration = Configuration(worker, type, json.Options);
        var settings = new ChildSettings(HostFiles.For(assembly), options.Environment, options.WorkingDirectory, null, options.Output, "worker");
        var start = new WorkerStart(assembly.FullName!, assembly.Location, type.FullName, configuration, json.Factory, options.Culture?.Name, 1, 1, options.Runs, false);
        return RunningWorker<TResult>.StartAsync(type.Name, ProcessGroup.Create(), settings, options, start, json.Options, cancellationToken);
    }

    /// <summary>The worker as JSON, checked to read back here as each life will read it in the child.</summary>
    private static string Configuration(object worker, Type type, JsonSerializerOptions json)
    {
        try
        {
            var configuration = JsonSerializer.Serialize(worker, type, json);
            _ = JsonSerializer.Deserialize(configuration, type, json) ?? throw new JsonException("It read back as null.");
            return configuration;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new NotIsolatableException(
                $"{type.Name} cannot run in a child process: each life starts from a fresh instance read from the JSON of the one given, and System.Text.Json cannot " +
                $"make one ({e.Message}). Give it a public parameterless constructor (or one marked [JsonConstructor]) and its configuration as public properties.",
                nameof(worker),
                []);
        }
    }
}

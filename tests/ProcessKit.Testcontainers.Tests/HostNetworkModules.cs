using System.Reflection;
using DotNet.Testcontainers.Containers;

namespace ProcessKit.Testcontainers.Tests;

/// <summary>
/// Testcontainers modules publish their port (RedisBuilder: 6379, PostgreSqlBuilder: 5432) and
/// wait until the engine reports it mapped. Publishing needs a bridge network, which these machines
/// must never create: the containers here use the host's network, where nothing is mapped. For the
/// tests only, the module's port binding is removed from the built container's configuration by
/// reflection, so the real module (its image settings, its own wait) runs on the host network.
/// </summary>
internal static class HostNetworkModules
{
    internal static TContainer WithoutPortBindings<TContainer>(TContainer container)
        where TContainer : DockerContainer
    {
        var configuration = typeof(DockerContainer).GetField("_configuration", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(container)!;
        var type = configuration.GetType();
        FieldInfo? field;
        while ((field = type.GetField("<PortBindings>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)) is null)
        {
            type = type.BaseType!;
        }

        field.SetValue(configuration, null);
        return container;
    }
}

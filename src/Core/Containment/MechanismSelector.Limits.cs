using System.Runtime.Versioning;

namespace ProcessKit;

/// <summary>Where a group's limits are enforced on Linux: each controller on cgroup v2 where the parent enables it, else on cgroup v1 (a hybrid host), else refused.</summary>
internal static partial class MechanismSelector
{
    /// <summary>
    /// A cgroup v2 backend, with the limits its parent cannot enforce given to cgroup v1 groups
    /// (each controller where it is: the v2 hierarchy first).
    /// </summary>
    /// <exception cref="ResourceLimitException">A limit can be enforced by neither hierarchy.</exception>
    [SupportedOSPlatform("linux")]
    private static ContainerBackend CreateCgroupBackend(CgroupV2Environment environment, ResourceLimits? limits, string reason)
    {
        V1LimitCgroups? v1 = null;
        if (limits is not null)
        {
            var available = environment.Controllers;
            var missing = limits.Controllers.Where(c => !available.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                try
                {
                    v1 = V1LimitCgroups.Create(limits.Only(missing)!, CgroupBackend.MissingControllers(environment, missing, available));
                }
                catch (ResourceLimitException e) when (!ReferenceEquals(e.Limits, limits))
                {
                    throw new ResourceLimitException(limits, e.Reason); // the error names the limits the caller gave
                }

                limits = limits.Only(available.ToList());
            }
        }

        try
        {
            var backend = CgroupBackend.Create(environment, limits, reason);
            return v1 is null ? backend : new V1LimitedBackend(backend, v1);
        }
        catch
        {
            v1?.Remove();
            throw;
        }
    }
}

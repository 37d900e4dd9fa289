namespace ProcessKit.Core.Tests.Groups;

/// <summary>
/// Tests that look at the whole machine (every cgroup directory of this process, its file
/// descriptors, its children) or change this process's environment: xunit runs this collection
/// alone, after every parallel one, so no other test's processes or groups are counted.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunAlone
{
    public const string Name = "Containment, run alone";
}

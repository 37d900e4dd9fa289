namespace ProcessKit.Core.Tests.Unit;

/// <summary>
/// How a command's environment recipe (<see cref="EnvironmentSpec"/>) becomes the child's
/// environment. Each test sets two variables of its own on this process, under names no other
/// test uses, and removes them afterwards.
/// </summary>
public sealed class EnvironmentSpecTests : IDisposable
{
    private readonly string _parentVar = "PROCESSKIT_TEST_PARENT_" + Guid.NewGuid().ToString("N");
    private readonly string _otherVar = "PROCESSKIT_TEST_OTHER_" + Guid.NewGuid().ToString("N");
    private readonly string _missingVar = "PROCESSKIT_TEST_MISSING_" + Guid.NewGuid().ToString("N");

    public EnvironmentSpecTests()
    {
        Environment.SetEnvironmentVariable(_parentVar, "from-parent");
        Environment.SetEnvironmentVariable(_otherVar, "other-from-parent");
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_parentVar, null);
        Environment.SetEnvironmentVariable(_otherVar, null);
    }

    [Fact]
    public void By_default_the_child_gets_the_whole_parent_environment()
    {
        var resolved = new Command("tool").Environment.Resolve();

        Assert.Equal("from-parent", resolved[_parentVar]);
        Assert.Equal("other-from-parent", resolved[_otherVar]);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), resolved.GetValueOrDefault("PATH"));
    }

    [Fact]
    public void A_set_adds_a_variable_and_overrides_the_parent_value()
    {
        var resolved = new Command("tool")
            .WithEnvironment(_parentVar, "overridden")
            .WithEnvironment(_missingVar, "added")
            .Environment.Resolve();

        Assert.Equal("overridden", resolved[_parentVar]);
        Assert.Equal("added", resolved[_missingVar]);
        Assert.Equal("other-from-parent", resolved[_otherVar]);
    }

    [Fact]
    public void Setting_many_variables_at_once_sets_each()
    {
        var resolved = new Command("tool")
            .WithEnvironment([new KeyValuePair<string, string>(_parentVar, "one"), new KeyValuePair<string, string>(_missingVar, "two")])
            .Environment.Resolve();

        Assert.Equal("one", resolved[_parentVar]);
        Assert.Equal("two", resolved[_missingVar]);
    }

    [Fact]
    public void An_empty_value_is_kept_as_an_empty_variable()
    {
        var resolved = new Command("tool").WithEnvironment(_missingVar, "").Environment.Resolve();

        Assert.True(resolved.TryGetValue(_missingVar, out var value));
        Assert.Equal("", value);
    }

    [Fact]
    public void The_last_set_of_a_name_wins()
    {
        var resolved = new Command("tool")
            .WithEnvironment(_missingVar, "first")
            .WithEnvironment(_missingVar, "second")
            .Environment.Resolve();

        Assert.Equal("second", resolved[_missingVar]);
    }

    [Fact]
    public void A_remove_drops_a_parent_variable_and_leaves_the_rest()
    {
        var resolved = new Command("tool").WithoutEnvironment(_parentVar).Environment.Resolve();

        Assert.False(resolved.ContainsKey(_parentVar));
        Assert.Equal("other-from-parent", resolved[_otherVar]);
    }

    [Fact]
    public void Removing_a_name_nobody_has_is_fine()
    {
        var resolved = new Command("tool").WithoutEnvironment(_missingVar).Environment.Resolve();

        Assert.False(resolved.ContainsKey(_missingVar));
        Assert.Equal("from-parent", resolved[_parentVar]);
    }

    [Fact]
    public void Set_then_remove_removes_and_remove_then_set_sets()
    {
        var setThenRemove = new Command("tool").WithEnvironment(_missingVar, "v").WithoutEnvironment(_missingVar).Environment.Resolve();
        var removeThenSet = new Command("tool").WithoutEnvironment(_parentVar).WithEnvironment(_parentVar, "back").Environment.Resolve();

        Assert.False(setThenRemove.ContainsKey(_missingVar));
        Assert.Equal("back", removeThenSet[_parentVar]);
    }

    [Fact]
    public void A_cleared_environment_is_empty()
    {
        var resolved = new Command("tool").WithClearedEnvironment().Environment.Resolve();

        Assert.Empty(resolved);
    }

    [Fact]
    public void A_set_after_clear_is_kept_and_a_set_before_clear_is_dropped()
    {
        var resolved = new Command("tool")
            .WithEnvironment(_parentVar, "before-clear")
            .WithClearedEnvironment()
            .WithEnvironment(_missingVar, "after-clear")
            .Environment.Resolve();

        Assert.Equal(new Dictionary<string, string> { [_missingVar] = "after-clear" }, resolved);
    }

    [Fact]
    public void A_remove_after_clear_is_fine_and_a_remove_before_clear_does_not_matter()
    {
        var resolved = new Command("tool")
            .WithoutEnvironment(_parentVar)
            .WithClearedEnvironment()
            .WithoutEnvironment(_otherVar)
            .WithEnvironment(_parentVar, "set")
            .Environment.Resolve();

        Assert.Equal(new Dictionary<string, string> { [_parentVar] = "set" }, resolved);
    }

    [Fact]
    public void InheritEnvironment_copies_only_the_named_variables_present_in_the_parent()
    {
        var resolved = new Command("tool").InheritEnvironment(_parentVar, _missingVar).Environment.Resolve();

        Assert.Equal(new Dictionary<string, string> { [_parentVar] = "from-parent" }, resolved);
    }

    [Fact]
    public void InheritEnvironment_with_no_names_is_an_empty_environment()
    {
        var resolved = new Command("tool").InheritEnvironment().Environment.Resolve();

        Assert.Empty(resolved);
    }

    [Fact]
    public void InheritEnvironment_drops_earlier_sets_and_keeps_later_ones()
    {
        var resolved = new Command("tool")
            .WithEnvironment(_otherVar, "set-before")
            .InheritEnvironment(_parentVar)
            .WithEnvironment(_missingVar, "set-after")
            .Environment.Resolve();

        Assert.Equal(
            new Dictionary<string, string> { [_parentVar] = "from-parent", [_missingVar] = "set-after" },
            resolved);
    }

    [Fact]
    public void A_set_after_InheritEnvironment_overrides_an_inherited_value_and_a_remove_drops_it()
    {
        var overridden = new Command("tool").InheritEnvironment(_parentVar, _otherVar).WithEnvironment(_parentVar, "mine").Environment.Resolve();
        var removed = new Command("tool").InheritEnvironment(_parentVar, _otherVar).WithoutEnvironment(_parentVar).Environment.Resolve();

        Assert.Equal(
            new Dictionary<string, string> { [_parentVar] = "mine", [_otherVar] = "other-from-parent" },
            overridden);
        Assert.Equal(new Dictionary<string, string> { [_otherVar] = "other-from-parent" }, removed);
    }

    [Fact]
    public void Clear_after_InheritEnvironment_forgets_the_allow_list()
    {
        var resolved = new Command("tool").InheritEnvironment(_parentVar).WithClearedEnvironment().Environment.Resolve();

        Assert.Empty(resolved);
    }

    [Fact]
    public void The_parent_environment_is_read_when_resolved_not_when_built()
    {
        var inherit = new Command("tool");
        var allowList = new Command("tool").InheritEnvironment(_parentVar);

        Environment.SetEnvironmentVariable(_parentVar, "changed-later");

        Assert.Equal("changed-later", inherit.Environment.Resolve()[_parentVar]);
        Assert.Equal("changed-later", allowList.Environment.Resolve()[_parentVar]);
    }

    [Fact]
    public void Changing_a_spec_never_changes_the_shared_Inherit_spec()
    {
        _ = EnvironmentSpec.Inherit.Set(_missingVar, "v").Remove(_parentVar).Clear().InheritOnly([_otherVar]);

        Assert.False(EnvironmentSpec.Inherit.ClearParent);
        Assert.Empty(EnvironmentSpec.Inherit.Changes);
        Assert.Empty(EnvironmentSpec.Inherit.InheritedNames);
    }

    [Fact]
    public void ChangedNames_lists_set_and_removed_names_without_values()
    {
        var spec = new Command("tool").WithEnvironment(_missingVar, "secret-value").WithoutEnvironment(_parentVar).Environment;

        Assert.Equal(
            new[] { _missingVar, _parentVar }.Order(StringComparer.Ordinal),
            spec.ChangedNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Names_are_compared_case_sensitively_except_on_Windows()
    {
        var resolved = new Command("tool").WithEnvironment(_parentVar.ToLowerInvariant(), "lower").Environment.Resolve();

        if (OperatingSystem.IsWindows())
        {
            Assert.Equal("lower", resolved[_parentVar]);
        }
        else
        {
            Assert.Equal("from-parent", resolved[_parentVar]);
            Assert.Equal("lower", resolved[_parentVar.ToLowerInvariant()]);
        }
    }
}

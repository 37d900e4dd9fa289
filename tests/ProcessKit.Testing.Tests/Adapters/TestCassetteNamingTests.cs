namespace ProcessKit.Testing.Tests.Adapters;

/// <summary>Each test, each row of a parameterized test and each parameterized fixture gets a cassette name of its own that a person can read.</summary>
public sealed class TestCassetteNamingTests
{
    [Fact]
    public void A_test_without_arguments_is_named_by_its_class_and_method()
    {
        Assert.Equal("GitTests/Lists_commits", TestCassetteNaming.Name("GitTests", [], "Lists_commits", []));
    }

    [Fact]
    public void Arguments_of_the_class_and_the_method_are_written_in_parentheses()
    {
        Assert.Equal("GitTests(main)/Log(3, a b)", TestCassetteNaming.Name("GitTests", ["main"], "Log", [3, "a b"]));
    }

    [Fact]
    public void Arguments_are_invariant_text()
    {
        var name = TestCassetteNaming.Name("C", [], "M", [1.5, null, new[] { 1, 2 }, DayOfWeek.Monday, true]);

        Assert.Equal("C/M(1.5, null, [1, 2], Monday, true)", name);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a:b")]
    [InlineData("a*b")]
    [InlineData("a\nb")]
    public void Characters_a_file_name_cannot_hold_are_replaced_and_the_exact_arguments_hashed(string argument)
    {
        Assert.Matches(@"^C/M\(a_b\)~[0-9a-f]{8}$", TestCassetteNaming.Name("C", [], "M", [argument]));
    }

    [Fact]
    public void Arguments_that_sanitise_alike_still_get_different_names()
    {
        Assert.NotEqual(TestCassetteNaming.Name("C", [], "M", ["a/b"]), TestCassetteNaming.Name("C", [], "M", ["a:b"]));
    }

    [Fact]
    public void Trailing_dots_and_spaces_are_dropped_and_hashed()
    {
        Assert.Matches(@"^C/M\(v1\)~[0-9a-f]{8}$", TestCassetteNaming.Name("C", [], "M", ["v1. "]));
    }

    [Fact]
    public void A_long_argument_list_is_cut_and_hashed()
    {
        var first = TestCassetteNaming.Name("C", [], "M", [new string('x', 200) + "1"]);
        var second = TestCassetteNaming.Name("C", [], "M", [new string('x', 200) + "2"]);

        Assert.Matches(@"^C/M\(x{80}\.\.\.\)~[0-9a-f]{8}$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void The_same_test_always_gets_the_same_name()
    {
        Assert.Equal(TestCassetteNaming.Name("C", [], "M", ["a/b", 2]), TestCassetteNaming.Name("C", [], "M", ["a/b", 2]));
    }

    [Fact]
    public void A_nested_generic_class_is_named_by_its_path_without_arity()
    {
        Assert.Equal("TestCassetteNamingTests.Nested", TestCassetteNaming.ClassName(typeof(Nested<int>)));
    }

    [Theory]
    [InlineData("Company.Tests.GitTests", "GitTests")]
    [InlineData("Company.Tests.Outer+Inner`1", "Outer.Inner")]
    [InlineData("GitTests", "GitTests")]
    public void A_class_known_by_its_full_name_is_named_the_same_way(string fullName, string expected)
    {
        Assert.Equal(expected, TestCassetteNaming.ClassName(fullName));
    }

    private static class Nested<T>;
}

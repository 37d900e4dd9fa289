using ProcessKit.Testing.XunitV3;
using Xunit.v3;

namespace Integration.XunitV3.Adapter;

/// <summary>Each test, and each row of a theory, gets a cassette name of its own that a person can read.</summary>
public sealed class TestCassetteNameTests
{
    [Fact]
    public void A_fact_is_named_by_its_class_and_method()
    {
        Assert.Equal("TestCassetteNameTests/A_fact_is_named_by_its_class_and_method", TestCassetteName.For((IXunitTest)TestContext.Current.Test!));
    }

    [Theory]
    [InlineData("main", 3, true)]
    public void A_theory_row_is_named_with_its_arguments(string branch, int depth, bool shallow)
    {
        Assert.Equal(
            $"TestCassetteNameTests/A_theory_row_is_named_with_its_arguments({branch}, {depth}, {shallow.ToString().ToLowerInvariant()})",
            TestCassetteName.For((IXunitTest)TestContext.Current.Test!));
    }

    [Fact]
    public void Arguments_are_invariant_text()
    {
        var name = TestCassetteName.For(typeof(TestCassetteNameTests), "M", [1.5, null, new[] { 1, 2 }, DayOfWeek.Monday]);

        Assert.Equal("TestCassetteNameTests/M(1.5, null, [1, 2], Monday)", name);
    }

    [Fact]
    public void Characters_a_file_name_cannot_hold_are_replaced_and_the_exact_arguments_hashed()
    {
        var slash = TestCassetteName.For(typeof(TestCassetteNameTests), "M", ["a/b"]);
        var colon = TestCassetteName.For(typeof(TestCassetteNameTests), "M", ["a:b"]);

        Assert.Matches(@"^TestCassetteNameTests/M\(a_b\)~[0-9a-f]{8}$", slash);
        Assert.Matches(@"^TestCassetteNameTests/M\(a_b\)~[0-9a-f]{8}$", colon);
        Assert.NotEqual(slash, colon);
    }

    [Fact]
    public void A_long_argument_list_is_cut_and_hashed()
    {
        var first = TestCassetteName.For(typeof(TestCassetteNameTests), "M", [new string('x', 200) + "1"]);
        var second = TestCassetteName.For(typeof(TestCassetteNameTests), "M", [new string('x', 200) + "2"]);

        Assert.Matches(@"^TestCassetteNameTests/M\(x{80}\.\.\.\)~[0-9a-f]{8}$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_nested_generic_class_is_named_by_its_path_without_arity()
    {
        Assert.Equal("TestCassetteNameTests.Nested/M", TestCassetteName.For(typeof(Nested<int>), "M", []));
    }

    [Fact]
    public void The_same_test_always_gets_the_same_name()
    {
        Assert.Equal(
            TestCassetteName.For(typeof(TestCassetteNameTests), "M", ["a/b", 2]),
            TestCassetteName.For(typeof(TestCassetteNameTests), "M", ["a/b", 2]));
    }

    private static class Nested<T>;
}

using ProcessKit.Testing.XunitV3;
using Xunit.v3;

namespace Integration.XunitV3.Adapter;

/// <summary>[Cassette] names each test, and each row of a theory, from what xunit reports of it (the rule itself is tested in ProcessKit.Testing.Tests).</summary>
public sealed class TestCassetteNameTests
{
    [Fact]
    public void A_fact_is_named_by_its_class_and_method()
    {
        Assert.Equal("TestCassetteNameTests/A_fact_is_named_by_its_class_and_method", CassetteAttribute.CassetteName((IXunitTest)TestContext.Current.Test!));
    }

    [Theory]
    [InlineData("main", 3, true)]
    public void A_theory_row_is_named_with_its_arguments(string branch, int depth, bool shallow)
    {
        Assert.Equal(
            $"TestCassetteNameTests/A_theory_row_is_named_with_its_arguments({branch}, {depth}, {shallow.ToString().ToLowerInvariant()})",
            CassetteAttribute.CassetteName((IXunitTest)TestContext.Current.Test!));
    }
}

namespace ProcessKit.Testing.Tests.Adapters;

/// <summary>A shared server's lines go to the tests attached at that moment, or to the fallback sink when none is.</summary>
public sealed class ServerOutputRouterTests
{
    private readonly List<string> _unattached = [];

    [Fact]
    public void With_no_test_attached_lines_go_to_the_fallback_sink()
    {
        var router = new ServerOutputRouter(_unattached.Add);

        router.Route("[redis] Ready to accept connections");

        Assert.Equal(["[redis] Ready to accept connections"], _unattached);
    }

    [Fact]
    public void An_attached_test_gets_the_lines_until_it_detaches()
    {
        var router = new ServerOutputRouter(_unattached.Add);
        var test = new List<string>();

        using (router.Attach(test.Add))
        {
            router.Route("while attached");
        }

        router.Route("after detaching");

        Assert.Equal(["while attached"], test);
        Assert.Equal(["after detaching"], _unattached);
    }

    [Fact]
    public void Every_attached_test_gets_each_line()
    {
        var router = new ServerOutputRouter(_unattached.Add);
        var first = new List<string>();
        var second = new List<string>();

        using (router.Attach(first.Add))
        using (router.Attach(second.Add))
        {
            router.Route("shared line");
        }

        Assert.Equal(["shared line"], first);
        Assert.Equal(["shared line"], second);
        Assert.Empty(_unattached);
    }

    [Fact]
    public void A_sink_that_throws_stops_neither_the_others_nor_the_router()
    {
        var router = new ServerOutputRouter(_unattached.Add);
        var test = new List<string>();

        using (router.Attach(_ => throw new InvalidOperationException("the test has ended")))
        using (router.Attach(test.Add))
        {
            router.Route("first");
            router.Route("second");
        }

        Assert.Equal(["first", "second"], test);
    }

    [Fact]
    public void Disposing_an_attachment_twice_detaches_it_once()
    {
        var router = new ServerOutputRouter(_unattached.Add);
        var test = new List<string>();
        var attachment = router.Attach(test.Add);

        attachment.Dispose();
        attachment.Dispose();
        router.Route("after");

        Assert.Empty(test);
        Assert.Equal(["after"], _unattached);
    }

    [Fact]
    public void A_fallback_sink_that_throws_is_ignored()
    {
        var router = new ServerOutputRouter(_ => throw new InvalidOperationException("diagnostics closed"));

        router.Route("a line");
    }
}

using System.Reflection;
using ProcessKit.Testing.XunitV3;
using Xunit.v3;

namespace Integration.XunitV3.Adapter;

/// <summary>A fixture's lines go to the tests attached to it, or to the diagnostic messages when none is.</summary>
public sealed class TestOutputRelayTests
{
    [Fact]
    public void With_no_test_attached_lines_are_diagnostic_messages()
    {
        var diagnostics = DiagnosticsRecorder.Create();
        var relay = new TestOutputRelay(diagnostics);

        relay.Write("[redis] Ready to accept connections");

        Assert.Equal(["[redis] Ready to accept connections"], DiagnosticsRecorder.Messages(diagnostics));
    }

    [Fact]
    public void An_attached_test_gets_the_lines_until_it_detaches()
    {
        var diagnostics = DiagnosticsRecorder.Create();
        var relay = new TestOutputRelay(diagnostics);
        var output = TestContext.Current.TestOutputHelper!;

        using (relay.Attach(output))
        {
            relay.Write("while attached");
        }

        relay.Write("after detaching");

        Assert.Contains("while attached", output.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("after detaching", output.Output, StringComparison.Ordinal);
        Assert.Equal(["after detaching"], DiagnosticsRecorder.Messages(diagnostics));
    }

    [Fact]
    public void Every_attached_test_gets_each_line()
    {
        var relay = new TestOutputRelay(DiagnosticsRecorder.Create());
        var other = new TestOutputHelper();
        other.Initialize(new NullMessageBus(), TestContext.Current.Test!);

        using (relay.Attach(TestContext.Current.TestOutputHelper!))
        using (relay.Attach(other))
        {
            relay.Write("shared line");
        }

        Assert.Contains("shared line", TestContext.Current.TestOutputHelper!.Output, StringComparison.Ordinal);
        Assert.Contains("shared line", other.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_finished_test_is_skipped_without_an_error()
    {
        var relay = new TestOutputRelay(DiagnosticsRecorder.Create());
        var finished = new TestOutputHelper();

        using (relay.Attach(finished))
        using (relay.Attach(TestContext.Current.TestOutputHelper!))
        {
            relay.Write("still delivered");
        }

        Assert.Contains("still delivered", TestContext.Current.TestOutputHelper!.Output, StringComparison.Ordinal);
    }

    /// <summary>Takes every message and drops it: a second test's output needs a bus.</summary>
    private sealed class NullMessageBus : IMessageBus
    {
        public bool QueueMessage(Xunit.Sdk.IMessageSinkMessage message) => true;

        public void Dispose()
        {
        }
    }

    /// <summary>An <see cref="ITestContext"/> that records its diagnostic messages and has nothing else.</summary>
    public class DiagnosticsRecorder : DispatchProxy
    {
        private readonly List<string> _messages = [];

        public static ITestContext Create() => Create<ITestContext, DiagnosticsRecorder>();

        public static IReadOnlyList<string> Messages(ITestContext context) => ((DiagnosticsRecorder)(object)context)._messages;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name == nameof(ITestContext.SendDiagnosticMessage) && args is [string message])
            {
                _messages.Add(message);
                return null;
            }

            throw new NotSupportedException($"The recorder only takes diagnostic messages, not {targetMethod?.Name}.");
        }
    }
}

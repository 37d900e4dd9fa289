using System.IO.Pipes;
using System.Text;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// Standard input that the test releases when it is ready: the child blocks reading it (for
/// example in <c>read-line</c>) until <see cref="Release"/>, so the test decides when it goes on.
/// </summary>
internal sealed class InputGate : IDisposable
{
    private readonly AnonymousPipeServerStream _writer = new(PipeDirection.Out, HandleInheritability.None);
    private readonly AnonymousPipeClientStream _reader;

    public InputGate()
    {
        _reader = new AnonymousPipeClientStream(PipeDirection.In, _writer.ClientSafePipeHandle);
        Input = StandardInput.FromStream(_reader);
    }

    public StandardInput Input { get; }

    /// <summary>Writes <paramref name="line"/> and a newline, then end-of-file.</summary>
    public void Release(string line)
    {
        _writer.Write(Encoding.UTF8.GetBytes(line + "\n"));
        _writer.Dispose();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _reader.Dispose();
    }
}

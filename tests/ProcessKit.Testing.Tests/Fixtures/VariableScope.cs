namespace ProcessKit.Testing.Tests.Fixtures;

/// <summary>Sets a variable of this process (each test uses its own name, so parallel tests never see it) and removes it after.</summary>
internal sealed class VariableScope : IDisposable
{
    private readonly string _name;

    public VariableScope(string name, string value)
    {
        _name = name;
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose() => Environment.SetEnvironmentVariable(_name, null);
}

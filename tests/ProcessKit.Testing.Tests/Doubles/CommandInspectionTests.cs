using System.Text;

namespace ProcessKit.Testing.Tests.Doubles;

/// <summary>The read-only views of Command (its environment recipe and standard input) the doubles match and record by, and the input bytes the doubles derive from them (<see cref="StandardInputContent"/>).</summary>
public sealed class CommandInspectionTests
{
    [Fact]
    public void Environment_changes_are_sets_and_removals_by_name()
    {
        var command = new Command("x").WithEnvironment("A", "1").WithoutEnvironment("B");

        Assert.Equal("1", command.EnvironmentChanges["A"]);
        Assert.True(command.EnvironmentChanges.ContainsKey("B"));
        Assert.Null(command.EnvironmentChanges["B"]);
        Assert.False(command.ClearsEnvironment);
        Assert.Empty(command.InheritedEnvironmentNames);
    }

    [Fact]
    public void A_cleared_or_allow_listed_environment_is_visible()
    {
        Assert.True(new Command("x").WithClearedEnvironment().ClearsEnvironment);
        var inheriting = new Command("x").InheritEnvironment("PATH", "HOME");
        Assert.True(inheriting.ClearsEnvironment);
        Assert.Equal(["PATH", "HOME"], inheriting.InheritedEnvironmentNames);
    }

    [Fact]
    public void Text_input_is_visible_as_text_and_as_the_bytes_the_child_reads()
    {
        var command = new Command("x").WithStandardInput(StandardInput.FromString("é", Encoding.Latin1));

        Assert.Equal("é", command.StandardInput.Text);
        Assert.Equal([0xE9], command.StandardInputBytes!.Value.ToArray());
        Assert.Equal("é"u8.ToArray(), new Command("x").WithStandardInput("é").StandardInputBytes!.Value.ToArray());
    }

    [Fact]
    public void Bytes_file_and_unread_inputs()
    {
        var bytes = new Command("x").WithStandardInput(StandardInput.FromBytes(new byte[] { 1, 2 }));
        Assert.Null(bytes.StandardInput.Text);
        Assert.Equal([1, 2], bytes.StandardInputBytes!.Value.ToArray());

        var file = new Command("x").WithStandardInput(StandardInput.FromFile("in.txt"));
        Assert.Equal(Path.GetFullPath("in.txt"), file.StandardInput.FilePath);
        Assert.Null(file.StandardInputBytes);

        using var stream = new MemoryStream([1]);
        Assert.Null(new Command("x").WithStandardInput(StandardInput.FromStream(stream)).StandardInputBytes);
        Assert.Null(new Command("x").StandardInputBytes);
        Assert.Null(new Command("x").KeepStandardInputOpen().StandardInputBytes);
    }
}

namespace ProcessKit.Isolation.Tests;

/// <summary>Code the tests run in children: static methods of non-generic classes.</summary>
internal static class Doubling
{
    public static async Task<Pair> TwiceAsync(Pair pair)
    {
        await Task.Yield();
        return new Pair(pair.Name + pair.Name, pair.Number * 2);
    }

    internal sealed record Pair(string Name, int Number);
}

internal static class Throwing
{
    public static void Throw()
    {
        try
        {
            throw new FormatException("inner");
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException("outer", e);
        }
    }
}

internal static class Waiting
{
    public static async Task<int> UntilCancelledAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine("waiting");
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return 0;
    }

    /// <summary>Starts a grandchild, so a timeout must kill a tree, then never returns.</summary>
    public static int Forever()
    {
        using var grandchild = System.Diagnostics.Process.Start("sleep", "300");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }
}

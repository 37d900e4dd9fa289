using System.Collections.Concurrent;

namespace ProcessKit.Benchmarks;

/// <summary>
/// The order of the ways in each round of an interleaved measurement, balanced for what a run
/// leaves behind for the next one (a cancelled CliWrap run's thread-pool workers still spinning,
/// a killed child still being torn down). A cycle of <c>count - 1</c> rounds, run again and again,
/// puts every way right after every other way exactly once and never right after itself: a
/// closed walk through every ordered pair of ways, cut into rounds that each run every way once.
/// Rotating the order each round did not: with three ways it ran the third right after the second
/// in two rounds of three, and with two ways it ran each way right after itself in every other
/// round.
/// </summary>
internal static class RoundOrder
{
    private static readonly ConcurrentDictionary<int, int[][]> Cycles = new();

    /// <summary>The ways of round <paramref name="round"/> (0 is the first, warm-up included), in the order to run them.</summary>
    internal static int[] Of(int round, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var cycle = Cycles.GetOrAdd(count, Build);
        return cycle[round % cycle.Length];
    }

    private static int[][] Build(int count)
    {
        if (count < 3)
        {
            return [[.. Enumerable.Range(0, count)]];
        }

        var sequence = new int[count * (count - 1)];
        var used = new bool[count, count];
        return Extend(sequence, 1, used, count)
            ? [.. sequence.Chunk(count)]
            : throw new InvalidOperationException($"No balanced order of {count} ways was found.");
    }

    /// <summary>Depth first: the next way of the walk, not yet in its round, after a pair not yet used.</summary>
    private static bool Extend(int[] sequence, int at, bool[,] used, int count)
    {
        var previous = sequence[at - 1];
        if (at == sequence.Length)
        {
            // The cycle runs again: its last way is followed by its first.
            return previous != sequence[0] && !used[previous, sequence[0]];
        }

        var roundStart = at - (at % count);
        for (var next = 0; next < count; next++)
        {
            if (next == previous || used[previous, next] || Array.IndexOf(sequence, next, roundStart, at - roundStart) >= 0)
            {
                continue;
            }

            used[previous, next] = true;
            sequence[at] = next;
            if (Extend(sequence, at + 1, used, count))
            {
                return true;
            }

            used[previous, next] = false;
        }

        return false;
    }
}

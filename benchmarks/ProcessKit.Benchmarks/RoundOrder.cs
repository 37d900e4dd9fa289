using System.Collections.Concurrent;

namespace ProcessKit.Benchmarks;

/// <summary>
/// The order of the ways in each round of an interleaved measurement, balanced for what a run
/// leaves behind for the next one (a cancelled CliWrap run's thread-pool workers still spinning,
/// a killed child still being torn down). Every way has the same predecessors: over one cycle of
/// rounds, run again and again, each way runs right after each way, itself included, equally
/// often, so what any way leaves behind falls on every way alike, the one that left it too. Each
/// round runs every way once, so a way can follow itself only across two rounds: each round
/// starts with the way that ended the round before.
/// </summary>
/// <remarks>
/// Two orders came before this one. Rotating the order each round ran, with three ways, the third
/// right after the second in two rounds of three. The order of <c>5ac51bd</c> ran every way right
/// after every other way once and never right after itself, so the one way that leaves the most
/// behind was the one way never measured after it.
/// </remarks>
internal static class RoundOrder
{
    /// <summary>The most times each ordered pair may occur in one cycle; 1 is impossible for three to five ways (the search is exhaustive), 2 is enough for every count tried (1 to 7).</summary>
    private const int MaxRepeats = 3;

    private static readonly ConcurrentDictionary<int, int[][]> Cycles = new();

    /// <summary>The ways of round <paramref name="round"/> (0 is the first, warm-up included), in the order to run them.</summary>
    internal static int[] Of(int round, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var cycle = Cycles.GetOrAdd(count, Build);
        return cycle[round % cycle.Length];
    }

    /// <summary>The shortest cycle of rounds in which every ordered pair of ways occurs the same number of times.</summary>
    private static int[][] Build(int count)
    {
        for (var repeats = 1; repeats <= MaxRepeats; repeats++)
        {
            var sequence = new int[repeats * count * count];
            if (Extend(sequence, 1, new int[count, count], count, repeats))
            {
                return [.. sequence.Chunk(count)];
            }
        }

        throw new InvalidOperationException($"No balanced order of {count} ways was found.");
    }

    /// <summary>
    /// Depth first: the next way of the walk, after a pair used fewer than <paramref name="repeats"/>
    /// times. A round's first way repeats the way before it (the only place a way can follow
    /// itself); any other is one not yet in its round.
    /// </summary>
    private static bool Extend(int[] sequence, int at, int[,] uses, int count, int repeats)
    {
        var previous = sequence[at - 1];
        if (at == sequence.Length)
        {
            // The cycle runs again: its last way is followed by its first, which must repeat it.
            return previous == sequence[0] && uses[previous, previous] < repeats;
        }

        var roundStart = at - (at % count);
        for (var next = 0; next < count; next++)
        {
            var startsRound = at == roundStart;
            if ((startsRound ? next != previous : Array.IndexOf(sequence, next, roundStart, at - roundStart) >= 0) || uses[previous, next] == repeats)
            {
                continue;
            }

            uses[previous, next]++;
            sequence[at] = next;
            if (Extend(sequence, at + 1, uses, count, repeats))
            {
                return true;
            }

            uses[previous, next]--;
        }

        return false;
    }
}

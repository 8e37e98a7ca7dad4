using CsCheck;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Surveys;
using Xunit;

namespace MppSurvey.UnitTests.Reporting;

/// <summary>
/// The index job sums a unit's rows of one template version in arrays; rows of several versions are
/// merged by element code. For one version both must give the same tallies, pairs (in the same order)
/// and the same doubles to the last bit, or a full and an incremental run could disagree.
/// </summary>
public sealed class UnitScoringTests
{
    private static ResponseAggregation.Row Row(int width, long[] answered, long[] sums, long[] squares, long[] pairs, long respondents, double meanSum, double meanSquares) =>
        answered.Length == width && pairs.Length == 2 * width * (width - 1)
            ? new("2026-S1", UnitKind.Service, "35", 1, "35.17", 2, 3, 7, respondents, answered, sums, respondents, meanSum, meanSquares, squares, pairs)
            : throw new ArgumentException("A row's arrays are of its width.");

    private static SurveyTemplateVersion Version(string[] codes) =>
        new() { Id = 7, ElementCodes = codes, ScaleMin = 1, ScaleMax = 4, Definition = "{}", ContentHash = "x" };

    [Fact]
    public void Rows_of_one_version_are_summed_per_element_and_per_pair_and_pairs_are_named_in_code_order()
    {
        // Codes out of ordinal order, so the pair (B, A) is stored as (A, B) with its sums swapped.
        string[] codes = ["B", "A", "C"];
        // A stored row, cut to the version's three elements: pairs (B,A), (B,C), (A,C).
        var stored = Row(3, [2, 1, 2], [7, 3, 6], [25, 9, 20], [1, 4, 3, 12, 2, 7, 6, 21, 1, 3, 2, 6], 2, 6.5, 21.25);
        // A fresh row as wide as the widest version (four): the fourth element and its pairs are not this version's.
        var fresh = Row(4, [1, 1, 1, 9], [4, 2, 3, 9], [16, 4, 9, 9],
            [1, 4, 2, 8, /* B,C */ 1, 4, 3, 12, /* B,4th */ 9, 9, 9, 9, /* A,C */ 1, 2, 3, 6, /* A,4th */ 9, 9, 9, 9, /* C,4th */ 9, 9, 9, 9], 1, 3.0, 9.0);

        var sums = UnitScoring.OneVersion([stored, fresh], codes);

        Assert.Equal(["B", "A", "C"], sums.Codes);
        Assert.Equal([new ElementTally("B", 3, 11), new ElementTally("A", 2, 5), new ElementTally("C", 3, 9)], sums.Tallies);
        Assert.Equal(
        [
            new ElementPairMoments("B", "B", 3, 11, 11, 41),
            new ElementPairMoments("A", "A", 2, 5, 5, 13),
            new ElementPairMoments("C", "C", 3, 9, 9, 29),
            new ElementPairMoments("A", "B", 2, 5, 8, 20),
            new ElementPairMoments("B", "C", 3, 11, 9, 33),
            new ElementPairMoments("A", "C", 2, 5, 5, 12),
        ], sums.Pairs);
        Assert.Equal((3L, 3L, 9.5, 30.25), (sums.Respondents, sums.ScoreN, sums.MeanSum, sums.MeanSquares));
        AssertSame(UnitScoring.Merged([stored, fresh], new() { [7] = Version(codes) }), sums);
    }

    [Fact]
    public void For_any_rows_of_one_version_the_array_sums_equal_the_merge_by_code()
    {
        var rows =
            from w in Gen.Int[1, 9]
            from codes in Gen.Shuffle(Enumerable.Range(1, 12).Select(i => "U" + i).ToArray(), w)
            from extras in Gen.Int[0, 3].Array[1, 6]
            from values in Gen.Long[0, 1_000_000].Array[extras.Length * 200]
            from doubles in Gen.Double[0, 1e6].Array[extras.Length * 2]
            select (codes, extras.Select((extra, r) =>
            {
                var n = w + extra;
                long Next(int i) => values[(r * 200 + i) % values.Length];
                var pairs = Enumerable.Range(0, 2 * n * (n - 1)).Select(i => Next(40 + i)).ToArray();
                return Row(n, Enumerable.Range(0, n).Select(Next).ToArray(), Enumerable.Range(10, n).Select(Next).ToArray(),
                    Enumerable.Range(20, n).Select(Next).ToArray(), pairs, Next(30), doubles[2 * r], doubles[2 * r + 1]);
            }).ToList());
        rows.Sample(sample =>
        {
            var (codes, list) = sample;
            AssertSame(UnitScoring.Merged(list, new() { [7] = Version(codes) }), UnitScoring.OneVersion(list, codes));
        }, iter: 300);
    }

    private static void AssertSame(UnitScoring.Sums expected, UnitScoring.Sums actual)
    {
        Assert.Equal(expected.Codes, actual.Codes);
        Assert.Equal(expected.Tallies, actual.Tallies);
        Assert.Equal(expected.Pairs, actual.Pairs);
        Assert.Equal((expected.Respondents, expected.ScoreN), (actual.Respondents, actual.ScoreN));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.MeanSum), BitConverter.DoubleToInt64Bits(actual.MeanSum));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.MeanSquares), BitConverter.DoubleToInt64Bits(actual.MeanSquares));
    }
}

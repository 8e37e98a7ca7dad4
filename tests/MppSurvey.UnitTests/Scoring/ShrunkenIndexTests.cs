using MppSurvey.Core.Scoring;

namespace MppSurvey.UnitTests.Scoring;

/// <summary>
/// The empirical-Bayes (shrunken) index that ranks agencies and services on the regent's dashboard
/// (docs/method.md, Shrinkage): the arithmetic against a hand-worked example, and the acceptance
/// case that a handful of perfect answers cannot outrank hundreds of very good ones.
/// </summary>
public class ShrunkenIndexTests
{
    private const int Digits = 10;

    [Fact]
    public void Four_units_match_the_hand_worked_fit()
    {
        // μ = 88 (the MPP). Units (y, n, SE²): A (100, 4, 0), B (90, 50, 2), C (85, 40, 2.5), D (80, 5, 35).
        // Pooled s_p² = Σ (n−1)·n·SE² / Σ (n−1) = (3·0 + 49·100 + 39·100 + 4·175) / (3+49+39+4) = 9500/95 = 100.
        // v: A and D are below 30 respondents -> s_p²/n = 25 and 20; B and C keep SE² = 2 and 2.5.
        // w = 1/v = 0.04, 0.5, 0.4, 0.05; Σw = 0.99; Σwy = 4 + 45 + 34 + 4 = 87; Σwy² = 400 + 4050 + 2890 + 320 = 7660.
        // Q = Σwy² − (Σwy)²/Σw = 7660 − 7569/0.99 = 160/11; c = Σw − Σw²/Σw = 0.99 − 0.4141/0.99 = 283/495.
        // τ² = (Q − (k−1)) / c = (160/11 − 3)·495/283 = 127·45/283 = 5715/283 = 20.19434628975265.
        // B_j = τ²/(τ² + v_j): A 5715/12790, B 5715/6281, C 5715/6422.5, D 5715/11375.
        // θ = μ + B (y − μ): A 88 + 12·5715/12790, B 88 + 2·5715/6281, C 88 − 3·5715/6422.5, D 88 − 8·5715/11375.
        var units = new[]
        {
            new ShrinkageInput(100, 4, 0),
            new ShrinkageInput(90, 50, Math.Sqrt(2)),
            new ShrinkageInput(85, 40, Math.Sqrt(2.5)),
            new ShrinkageInput(80, 5, Math.Sqrt(35)),
        };

        var fit = ShrunkenIndex.Fit(units, priorMean: 88);

        Assert.True(fit.Fitted);
        Assert.Equal(100, fit.PooledVariance, Digits);
        Assert.Equal(5715.0 / 283, fit.BetweenVariance, Digits);
        Assert.Equal([25, 2, 2.5, 20], fit.Units.Select(u => Math.Round(u.SamplingVariance, Digits)));
        Assert.Equal([true, false, false, true], fit.Units.Select(u => u.UsesPooledSpread));
        Assert.Equal(5715.0 / 12790, fit.Units[0].Weight, Digits);
        Assert.Equal(88 + 12 * 5715.0 / 12790, fit.Units[0].Shrunken, Digits); // 93.3620015637
        Assert.Equal(88 + 2 * 5715.0 / 6281, fit.Units[1].Shrunken, Digits);   // 89.8197739214
        Assert.Equal(88 - 3 * 5715.0 / 6422.5, fit.Units[2].Shrunken, Digits); // 85.3304787855
        Assert.Equal(88 - 8 * 5715.0 / 11375, fit.Units[3].Shrunken, Digits);  // 83.9806593407
        Assert.Equal(83.98m, fit.Units[3].ShrunkenRounded);
    }

    [Fact]
    public void Between_variance_is_floored_at_zero_and_then_every_unit_gets_the_MPP_value()
    {
        // y 90, 91, v 1, 1: ȳ_w 90.5, Q = 0.25 + 0.25 = 0.5 < k − 1 = 1, so τ² = max(0, −0.5/1) = 0.
        Assert.Equal(0, ShrunkenIndex.BetweenVariance([90, 91], [1, 1]));

        var fit = ShrunkenIndex.Fit([new ShrinkageInput(90, 100, 1), new ShrinkageInput(91, 100, 1)], priorMean: 90.5);

        Assert.All(fit.Units, u => Assert.Equal(90.5, u.Shrunken));
        Assert.All(fit.Units, u => Assert.Equal(0, u.Weight));
    }

    [Fact]
    public void Without_siblings_or_without_any_spread_the_raw_index_stands()
    {
        var alone = ShrunkenIndex.Fit([new ShrinkageInput(97.5, 3, 0)], priorMean: 90);
        // Every sibling unanimous and no MPP spread given: nothing says how uncertain they are.
        var unanimous = ShrunkenIndex.Fit([new ShrinkageInput(100, 3, 0), new ShrinkageInput(75, 2, 0)], priorMean: 90);

        Assert.False(alone.Fitted);
        Assert.Equal(97.5, alone.Units[0].Shrunken);
        Assert.False(unanimous.Fitted);
        Assert.Equal([100, 75], unanimous.Units.Select(u => u.Shrunken));
    }

    [Fact]
    public void Units_of_one_respondent_each_borrow_the_MPPs_spread()
    {
        // No sibling has two respondents, so s_p² comes from the MPP (64): v = 64 each; y 100 and 75,
        // ȳ_w 87.5, Q = (12.5² + 12.5²)/64 = 4.8828125, c = 2/64 − (2/64²)/(2/64) = 1/64,
        // τ² = (4.8828125 − 1)·64 = 248.5; B = 248.5/312.5 = 0.7952; θ = 87.5 ± 0.7952·12.5.
        var fit = ShrunkenIndex.Fit([new ShrinkageInput(100, 1, null), new ShrinkageInput(75, 1, null)], priorMean: 87.5, fallbackVariance: 64);

        Assert.Equal(248.5, fit.BetweenVariance, Digits);
        Assert.Equal(87.5 + 0.7952 * 12.5, fit.Units[0].Shrunken, Digits);
        Assert.Equal(87.5 - 0.7952 * 12.5, fit.Units[1].Shrunken, Digits);
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ShrunkenIndex.Fit([new ShrinkageInput(90, 0, null)], 90));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShrunkenIndex.Fit([new ShrinkageInput(double.NaN, 5, 1)], 90));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShrunkenIndex.Fit([new ShrinkageInput(90, 5, 1)], double.NaN));
        Assert.Throws<ArgumentException>(() => ShrunkenIndex.BetweenVariance([90, 91], [1, 0]));
    }

    /// <summary>A service's respondents: <paramref name="fours"/> answer 4 to all nine elements, <paramref name="threes"/> answer 3.</summary>
    private static List<Respondent> Service(int fours, int threes) =>
        [.. Enumerable.Repeat(Respondent.Skm(4, 4, 4, 4, 4, 4, 4, 4, 4), fours), .. Enumerable.Repeat(Respondent.Skm(3, 3, 3, 3, 3, 3, 3, 3, 3), threes)];

    private sealed record Unit(string Name, ShrinkageInput Input);

    /// <summary>Ranks services as the dashboard does: each by its own index and SE, towards the MPP's index of all of them.</summary>
    private static IReadOnlyList<RankedUnit<Unit>> RankServices(params (string Name, List<Respondent> Respondents)[] services)
    {
        var units = services.Select(s =>
        {
            var tallies = ScoreTallies.Skm(s.Respondents);
            var index = IndexCalculator.Skm(tallies.Elements);
            return new Unit(s.Name, new ShrinkageInput((double)index.ConvertedRounded, tallies.Scores.N, tallies.IndexStandardError * 25));
        }).ToList();
        var all = ScoreTallies.Skm(services.SelectMany(s => s.Respondents));
        var mpp = IndexCalculator.Skm(all.Elements).ConvertedRounded;
        var mppSe = all.IndexStandardError * 25;
        return ShrunkenIndex.Rank(units, u => u.Input, u => u.Name, (double)mpp, mppSe * mppSe * all.Scores.N);
    }

    [Fact]
    public void Three_answers_all_4_do_not_rank_above_300_averaging_3_8()
    {
        // Raw: 100.00 against 95.00. Two services only: Q = 0.745 < 1, so τ² = 0 and both get the MPP's
        // 95.05; they share rank 1 and the service with 300 respondents is listed first.
        var ranked = RankServices(("Kecil", Service(3, 0)), ("Besar", Service(240, 60)));

        Assert.Equal(["Besar", "Kecil"], ranked.Select(r => r.Unit.Name));
        Assert.Equal([1, 1], ranked.Select(r => r.Rank));
        Assert.Equal([95.05m, 95.05m], ranked.Select(r => r.Estimate.ShrunkenRounded));
        Assert.Equal([95.00, 100.00], ranked.Select(r => r.Estimate.Raw));
    }

    [Fact]
    public void Among_an_MPPs_services_three_answers_all_4_rank_below_300_averaging_3_8()
    {
        // With two more services (90.00 from 100, 87.50 from 80) the spread between services is real:
        // MPP 92.75, s_p² ≈ 120.04, τ² ≈ 16.49. The small service keeps only B = 16.49/(16.49 + 120.04/3)
        // ≈ 0.29 of its distance from the MPP: θ ≈ 94.87, while the large one keeps 0.98: θ ≈ 94.96.
        var ranked = RankServices(("Kecil", Service(3, 0)), ("Besar", Service(240, 60)), ("Sedang", Service(60, 40)), ("Cukup", Service(40, 40)));

        Assert.Equal(["Besar", "Kecil", "Sedang", "Cukup"], ranked.Select(r => r.Unit.Name));
        Assert.Equal([1, 2, 3, 4], ranked.Select(r => r.Rank));
        Assert.Equal([94.96m, 94.87m, 90.23m, 88.06m], ranked.Select(r => r.Estimate.ShrunkenRounded));
        Assert.True(ranked.Single(r => r.Unit.Name == "Kecil").Estimate.UsesPooledSpread);
    }

    [Fact]
    public void Three_answers_all_3_do_not_rank_below_300_averaging_3_2()
    {
        // The mirror image: raw 75.00 (3 respondents) against 80.00 (300), among services at 85.00 and 87.50.
        // MPP 82.25, τ² ≈ 16.49: the small service is pulled up to ≈ 80.13, the large one stays ≈ 80.04.
        var threes = Service(0, 3);
        var ranked = RankServices(("Kecil", threes), ("Besar", Service(60, 240)), ("Sedang", Service(40, 60)), ("Cukup", Service(40, 40)));

        Assert.Equal(["Cukup", "Sedang", "Kecil", "Besar"], ranked.Select(r => r.Unit.Name));
        Assert.Equal([86.94m, 84.77m, 80.13m, 80.04m], ranked.Select(r => r.Estimate.ShrunkenRounded));
    }
}

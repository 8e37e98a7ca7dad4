using MppSurvey.Core.Scoring;

namespace MppSurvey.UnitTests.Scoring;

/// <summary>
/// Funnel limits allowing for over-dispersion (Spiegelhalter 2005; docs/method.md, Over-dispersion),
/// against a six-unit example worked by hand and by overdispersed_funnel_expected.py beside this file.
/// </summary>
public sealed class OverdispersedFunnelTests
{
    private const int Digits = 8;

    // Target 80, respondent-level sd 10; (n, index).
    private static readonly (long N, double Value)[] Units = [(25, 84.0), (100, 78.0), (400, 81.5), (50, 72.0), (200, 83.0), (900, 79.6)];

    [Fact]
    public void The_worked_example_gives_the_hand_computed_phi_and_tau_squared()
    {
        // s_i = 10 / sqrt(n): 2, 1, 0.5, 1.41421356, 0.70710678, 0.33333333.
        // z_i = (y - 80) / s_i: 2, -2, 3, -5.65685425, 4.24264069, -1.2.
        // Sorted: -5.65685425, -2, -1.2, 2, 3, 4.24264069. Percentiles (type 7), h = 5p:
        //   10%: h = 0.5 -> -5.65685425 + 0.5 x (-2 + 5.65685425) = -3.82842712;
        //   90%: h = 4.5 -> 3 + 0.5 x (4.24264069 - 3) = 3.62132034.
        // Winsorised: 2, -2, 3, -3.82842712, 3.62132034, -1.2;
        // phi = (4 + 4 + 9 + 14.65685425 + 13.11396103 + 1.44) / 6 = 46.21081528 / 6 = 7.70180255.
        // w = 1 / s^2 = n / 100: 0.25, 1, 4, 0.5, 2, 9; sum w = 16.75, sum w^2 = 102.3125,
        // denominator = 16.75 - 102.3125 / 16.75 = 10.64179104;
        // tau^2 = (6 x 7.70180255 - 5) / 10.64179104 = 41.21081528 / 10.64179104 = 3.87254505.
        var funnel = OverdispersedFunnel.Estimate(Units, 80, 10);

        Assert.Equal(6, funnel.Units);
        Assert.Equal(-3.8284271247, funnel.WinsorLow, Digits);
        Assert.Equal(3.6213203436, funnel.WinsorHigh, Digits);
        Assert.Equal(7.7018025467, funnel.Phi, Digits);
        Assert.Equal(3.8725450544, funnel.BetweenUnitVariance, Digits);
        Assert.True(funnel.OverDispersed);
    }

    [Fact]
    public void The_limits_add_tau_squared_to_the_sampling_variance()
    {
        // n = 25: se = sqrt(100 / 25 + 3.87254505) = 2.80580559; 80 -+ 1.95996398 x se, 80 -+ 3.09023231 x se.
        var small = OverdispersedFunnel.Estimate(Units, 80, 10).Limits(25);
        Assert.Equal(74.5007220801, small.Lower95, Digits);
        Assert.Equal(85.4992779199, small.Upper95, Digits);
        Assert.Equal(71.3294088959, small.Lower998, Digits);
        Assert.Equal(88.6705911041, small.Upper998, Digits);

        // n = 900: se = sqrt(100 / 900 + 3.87254505) = 1.99593563: the funnel no longer shrinks to a line.
        var large = OverdispersedFunnel.Estimate(Units, 80, 10).Limits(900);
        Assert.Equal(76.0880885599, large.Lower95, Digits);
        Assert.Equal(83.9119114401, large.Upper95, Digits);
        Assert.Equal(73.8321748733, large.Lower998, Digits);
        Assert.Equal(86.1678251267, large.Upper998, Digits);
    }

    [Fact]
    public void A_real_outlier_stays_outside_while_ordinary_spread_comes_inside()
    {
        var funnel = OverdispersedFunnel.Estimate(Units, 80, 10);

        // (50, 72): plain z -5.66; widened 99.8% lower limit 80 - 3.09023231 x sqrt(2 + 3.87254505) = 72.5114.
        Assert.Equal(FunnelPosition.FarBelow, FunnelLimits.For(50, 80, 10).Position(72));
        Assert.Equal(FunnelPosition.FarBelow, funnel.Limits(50).Position(72));
        // (200, 83): plain z 4.24 is far above; widened 95% upper limit 80 + 1.96 x sqrt(0.5 + 3.87) = 84.10.
        Assert.Equal(FunnelPosition.FarAbove, FunnelLimits.For(200, 80, 10).Position(83));
        Assert.Equal(FunnelPosition.Within, funnel.Limits(200).Position(83));
    }

    [Fact]
    public void Units_spread_no_more_than_chance_get_no_allowance()
    {
        // z = 0.5, -0.5, 0.4, -0.5: phi = 0.2275 (winsorised even less) <= (I - 1) / I = 0.75, so tau^2 = 0.
        (long, double)[] calm = [(100, 80.5), (100, 79.5), (400, 80.2), (25, 79.0)];

        var funnel = OverdispersedFunnel.Estimate(calm, 80, 10);

        Assert.Equal(0, funnel.BetweenUnitVariance);
        Assert.False(funnel.OverDispersed);
        Assert.Equal(FunnelLimits.For(100, 80, 10), funnel.Limits(100));
    }

    [Fact]
    public void One_unit_or_no_spread_leaves_nothing_to_estimate()
    {
        Assert.Equal(0, OverdispersedFunnel.Estimate([(100, 70.0)], 80, 10).BetweenUnitVariance);
        Assert.Equal(0, OverdispersedFunnel.Estimate(Units, 80, 0).BetweenUnitVariance);
        Assert.Throws<ArgumentOutOfRangeException>(() => OverdispersedFunnel.Estimate([(0, 80.0), (10, 81.0)], 80, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => FunnelLimits.For(10, 80, 10, -1));
    }
}

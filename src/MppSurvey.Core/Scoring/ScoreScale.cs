namespace MppSurvey.Core.Scoring;

/// <summary>
/// The answer scale a template declares (docs/method.md, Other templates (SPKP, SPAK)): SKM uses 1..4, SPKP and SPAK use 1..4 or
/// 1..6 depending on the template.
/// </summary>
public sealed record ScoreScale
{
    public ScoreScale(int min, int max)
    {
        if (min < 0 || max <= min)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, "A scale needs 0 <= min < max.");
        }

        Min = min;
        Max = max;
    }

    /// <summary>The SKM answer scale 1..4 (docs/method.md, The nine elements).</summary>
    public static ScoreScale Skm { get; } = new(1, 4);

    public int Min { get; }

    public int Max { get; }

    public bool Contains(long answer) => answer >= Min && answer <= Max;

    /// <summary>§7: other templates show their index "rescaled to 0-100": min maps to 0, max to 100.</summary>
    internal Fraction RescaleTo100(Fraction mean) =>
        Fraction.Of(mean.Numerator * 100 - (mean.Denominator * Min * 100), mean.Denominator * (Max - Min));
}

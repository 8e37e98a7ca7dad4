namespace MppSurvey.Core.Scoring;

/// <summary>A unit's sample against its Krejcie &amp; Morgan target (docs/method.md, Sample size (Krejcie and Morgan)).</summary>
/// <param name="Population">Service users in the period (N).</param>
/// <param name="Required">Minimum respondents (S).</param>
/// <param name="Respondents">Respondents obtained.</param>
public sealed record SampleAdequacy(long Population, long Required, long Respondents)
{
    /// <summary>An index from a too small sample is still computed, but shown as such (§4).</summary>
    public bool IsSufficient => Respondents >= Required;

    public long Shortfall => Math.Max(0, Required - Respondents);
}

/// <summary>
/// The Krejcie &amp; Morgan (1970) sample-size table the regulation uses (docs/method.md, Sample size (Krejcie and Morgan)). The published
/// values are kept as a table rather than recomputed: they are the formula
/// S = 3.841 N 0.25 / (0.0025 (N - 1) + 3.841 x 0.25) rounded, except N = 100,000 -> 384 (the formula
/// gives 383), and officials check against the printed table.
/// </summary>
public static class KrejcieMorgan
{
    /// <summary>The sample the table gives at and beyond its last row.</summary>
    public const int LargePopulationSample = 384;

    /// <summary>The published rows (N, S) in increasing N.</summary>
    public static IReadOnlyList<(long Population, int Sample)> Rows { get; } =
    [
        (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44), (55, 48),
        (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76), (100, 80), (110, 86),
        (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118), (180, 123), (190, 127), (200, 132), (210, 136),
        (220, 140), (230, 144), (240, 148), (250, 152), (260, 155), (270, 159), (280, 162), (290, 165), (300, 169), (320, 175),
        (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210), (480, 214), (500, 217), (550, 226),
        (600, 234), (650, 242), (700, 248), (750, 254), (800, 260), (850, 265), (900, 269), (950, 274), (1000, 278), (1100, 285),
        (1200, 291), (1300, 297), (1400, 302), (1500, 306), (1600, 310), (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327),
        (2400, 331), (2600, 335), (2800, 338), (3000, 341), (3500, 346), (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364),
        (8000, 367), (9000, 368), (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381), (75000, 382), (100000, 384),
    ];

    /// <summary>
    /// Minimum respondents for a population of <paramref name="population"/> service users: the row for
    /// N, or the next larger row when N falls between rows (§4 practice), 384 beyond 100,000.
    /// </summary>
    /// <remarks>
    /// Decision: never more than the population itself (below 10 users, or e.g. N = 12 whose next row
    /// asks 14), since a sample cannot exceed a census.
    /// </remarks>
    public static long RequiredSample(long population)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(population);
        foreach (var (rowPopulation, sample) in Rows)
        {
            if (rowPopulation >= population)
            {
                return Math.Min(sample, population);
            }
        }

        return LargePopulationSample;
    }

    /// <summary>Whether a unit's respondents meet the target for its population.</summary>
    public static SampleAdequacy Check(long population, long respondents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(respondents);
        return new SampleAdequacy(population, RequiredSample(population), respondents);
    }
}

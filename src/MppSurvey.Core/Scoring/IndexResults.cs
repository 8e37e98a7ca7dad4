namespace MppSurvey.Core.Scoring;

/// <summary>One SKM element of one unit and period (docs/method.md, The index, steps 1-2; Rounding and grades).</summary>
/// <param name="Code">Element code (U1..U9).</param>
/// <param name="Answered">Respondents who answered it.</param>
/// <param name="Sum">Sum of their answers.</param>
/// <param name="Nrr">Sum / answered, unrounded; null when nobody answered.</param>
/// <param name="WeightedNrr">NRR x 1/9 (1/number of answered elements), unrounded.</param>
/// <param name="Converted">NRR x 25, unrounded.</param>
/// <param name="ConvertedRounded">NRR x 25 rounded to 2 decimals half away from zero.</param>
/// <param name="Grade">Grade of the element, on the rounded NRR x 25.</param>
public sealed record ElementScore(
    string Code,
    long Answered,
    long Sum,
    decimal? Nrr,
    decimal? WeightedNrr,
    decimal? Converted,
    decimal? ConvertedRounded,
    Grade? Grade)
{
    public bool IsAnswered => Answered > 0;
}

/// <summary>
/// The SKM result of one unit and period (docs/method.md, The index; Rounding and grades). Only <see cref="ConvertedRounded"/>
/// and <see cref="Grade"/> are the official headline; <see cref="Legacy"/> is a reconciliation view.
/// </summary>
/// <param name="Elements">All nine elements in code order U1..U9.</param>
/// <param name="Ikm">IKM = mean of the NRRs (1.00 to 4.00), unrounded.</param>
/// <param name="Converted">IKM x 25, unrounded.</param>
/// <param name="ConvertedRounded">IKM konversi rounded to 2 decimals half away from zero (e.g. 88.61).</param>
/// <param name="Grade">Grade A-D on <see cref="ConvertedRounded"/>.</param>
/// <param name="Lowest">The three lowest elements by NRR (follow-up priority, §5), lowest first.</param>
/// <param name="Legacy">The legacy-weight reconciliation views (0.111 and 0.11), never the official figure.</param>
public sealed record SkmIndex(
    IReadOnlyList<ElementScore> Elements,
    decimal Ikm,
    decimal Converted,
    decimal ConvertedRounded,
    Grade Grade,
    IReadOnlyList<string> Lowest,
    IReadOnlyList<LegacyWeightView> Legacy)
{
    /// <summary>Codes of elements nobody answered; they are left out of the mean (see IndexCalculator).</summary>
    public IReadOnlyList<string> UnansweredElements => Elements.Where(e => !e.IsAnswered).Select(e => e.Code).ToList();

    public bool IsComplete => Elements.All(e => e.IsAnswered);
}

/// <summary>
/// What an old spreadsheet with a rounded weight (0.111 or 0.11 instead of 1/9) would show
/// (docs/method.md, The index, step 2 and Worked example). NOT the official figure: offered only so that someone matching an
/// old spreadsheet can see where a difference, or a grade flip, comes from.
/// </summary>
/// <param name="Weight">The legacy weight per element.</param>
/// <param name="Ikm">Sum of NRR x weight, unrounded.</param>
/// <param name="Converted">That x 25, unrounded.</param>
/// <param name="ConvertedRounded">Rounded to 2 decimals half away from zero.</param>
/// <param name="Grade">The grade the old spreadsheet would show.</param>
public sealed record LegacyWeightView(decimal Weight, decimal Ikm, decimal Converted, decimal ConvertedRounded, Grade Grade)
{
    /// <summary>Always false: kept as data so that exports cannot forget to say so.</summary>
    public bool IsOfficial => false;
}

/// <summary>One indicator of a template with its own scale (SPKP, SPAK; docs/method.md, Other templates (SPKP, SPAK)).</summary>
/// <param name="Code">Indicator code as the template declares it.</param>
/// <param name="Answered">Respondents who answered it.</param>
/// <param name="Sum">Sum of their answers.</param>
/// <param name="Mean">Mean on the template's scale, unrounded; null when nobody answered.</param>
/// <param name="Rescaled">Mean rescaled to 0-100, unrounded.</param>
public sealed record IndicatorScore(string Code, long Answered, long Sum, decimal? Mean, decimal? Rescaled)
{
    public bool IsAnswered => Answered > 0;
}

/// <summary>The index of a template on its own scale (docs/method.md, Other templates (SPKP, SPAK)).</summary>
/// <param name="Scale">The template's declared scale.</param>
/// <param name="Indicators">All declared indicators in the template's code order.</param>
/// <param name="Index">Mean of the indicator means, on the template's scale, unrounded.</param>
/// <param name="Rescaled">Index rescaled to 0-100 (min -> 0, max -> 100), unrounded.</param>
/// <param name="RescaledRounded">Rescaled, rounded to 2 decimals half away from zero.</param>
/// <param name="Lowest">The three lowest indicators, lowest first.</param>
public sealed record ScaleIndex(
    ScoreScale Scale,
    IReadOnlyList<IndicatorScore> Indicators,
    decimal Index,
    decimal Rescaled,
    decimal RescaledRounded,
    IReadOnlyList<string> Lowest);

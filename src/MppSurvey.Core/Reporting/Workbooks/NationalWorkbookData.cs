using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>The ministry's national workbook for one period: every MPP, then aggregates per province.</summary>
/// <param name="PeriodCode">The period, e.g. <c>2025-S2</c>.</param>
/// <param name="Malls">Every MPP with results in the period.</param>
/// <param name="FunnelPlot">The funnel plot as on the ministry's page; null when there is no spread to draw it with.</param>
public sealed record NationalWorkbookData(
    string PeriodCode,
    IReadOnlyList<NationalMallRow> Malls,
    NationalFunnelPlot? FunnelPlot = null)
{
    /// <summary>SPKP and SPAK per MPP (the SPKP SPAK sheet); null or empty when no MPP ran them.</summary>
    public NationalPerception? Perception { get; init; }
}

/// <summary>
/// One MPP of the national table. Region codes are Kemendagri strings ("11.05") and stay text:
/// <c>11.10</c> is not <c>11.1</c>.
/// </summary>
/// <param name="ProvinceCode">Province code, e.g. <c>11</c>.</param>
/// <param name="ProvinceName">Province name.</param>
/// <param name="RegencyCode">Regency or city code, e.g. <c>11.05</c>.</param>
/// <param name="RegencyName">Regency or city name.</param>
/// <param name="MallName">The MPP's name.</param>
/// <param name="Respondents">Its respondents in the period.</param>
/// <param name="Tallies">Its per-element tallies, pooling all its respondents; the writer computes the index from them.</param>
/// <param name="SampleTarget">Its Krejcie &amp; Morgan minimum, if known.</param>
/// <param name="ConfidenceInterval">Its 95% interval, if any.</param>
/// <param name="Change">Its change against the previous period, if any.</param>
/// <param name="Funnel">Its position on the national funnel plot, if placed.</param>
public sealed record NationalMallRow(
    string ProvinceCode,
    string ProvinceName,
    string RegencyCode,
    string RegencyName,
    string MallName,
    long Respondents,
    IReadOnlyList<ElementTally> Tallies,
    long? SampleTarget,
    IndexInterval? ConfidenceInterval,
    PeriodComparison? Change,
    FunnelPosition? Funnel);

/// <summary>
/// The national funnel plot of the period as the ministry's page draws it: the limits widened for the
/// spread between MPPs and every placed MPP (docs/method.md, Over-dispersion).
/// </summary>
/// <param name="Funnel">The limits around the national index.</param>
/// <param name="Points">Every MPP with respondent scores, in the page's order (province, regency).</param>
public sealed record NationalFunnelPlot(OverdispersedFunnel Funnel, IReadOnlyList<NationalFunnelPoint> Points);

/// <summary>One MPP on the funnel plot: its stored official index against its respondent scores.</summary>
public sealed record NationalFunnelPoint(string ProvinceName, string RegencyCode, string MallName, long ScoreN, decimal Converted, FunnelPosition Position);


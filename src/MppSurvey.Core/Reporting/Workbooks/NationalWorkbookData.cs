using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>The ministry's national workbook for one period: every MPP, then aggregates per province.</summary>
/// <param name="PeriodCode">The period, e.g. <c>2025-S2</c>.</param>
/// <param name="Malls">Every MPP with results in the period.</param>
public sealed record NationalWorkbookData(string PeriodCode, IReadOnlyList<NationalMallRow> Malls);

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

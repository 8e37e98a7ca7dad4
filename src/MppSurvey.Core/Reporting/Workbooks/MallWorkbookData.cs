using MppSurvey.Core.Themes;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// Everything the regional head's workbook shows for one MPP and one period, shaped like the rows a SQL
/// query yields. The writer computes every index itself from the tallies with <see cref="IndexCalculator"/>,
/// so the workbook can never disagree with the scoring code.
/// </summary>
/// <param name="MallName">The MPP's name.</param>
/// <param name="RegencyName">Its kabupaten or kota.</param>
/// <param name="ProvinceName">Its province.</param>
/// <param name="PeriodCode">The period, e.g. <c>2025-S2</c>.</param>
/// <param name="Tallies">The MPP's per-element tallies (U1..U9), pooling all its respondents (docs/method.md, Pooling above the service).</param>
/// <param name="Respondents">
/// Every respondent of the period for the <i>tabel pengolahan data</i>. They must add up to
/// <paramref name="Tallies"/> exactly: the writer refuses a workbook whose sums would not match its rows.
/// </param>
/// <param name="SampleTarget">The Krejcie &amp; Morgan minimum for the period (docs/method.md, Sample size (Krejcie and Morgan)), if known.</param>
/// <param name="ConfidenceInterval">The 95% interval of the IKM konversi, if it could be computed.</param>
/// <param name="Change">The change against the previous period, if there was one.</param>
/// <param name="Agencies">Per agency and service, for the Per Layanan sheet.</param>
/// <param name="Trend">Every period so far, oldest first (normally including this one).</param>
/// <param name="Profile">The respondents' profile counts.</param>
/// <param name="Suggestions">The suggestion texts (saran), as visitors typed them.</param>
/// <param name="FollowUps">The follow-up plan (rencana tindak lanjut); may be empty.</param>
/// <param name="Snapshot">When the figures were computed and whether they are provisional (an open period).</param>
/// <param name="Themes">The citizens' voice: suggestion themes with counts, change and masked quotes (<see cref="ThemeSummary"/>), if loaded.</param>
public sealed record MallWorkbookData(
    string MallName,
    string RegencyName,
    string ProvinceName,
    string PeriodCode,
    IReadOnlyList<ElementTally> Tallies,
    IReadOnlyList<RespondentRow> Respondents,
    long? SampleTarget,
    IndexInterval? ConfidenceInterval,
    PeriodComparison? Change,
    IReadOnlyList<AgencyRow> Agencies,
    IReadOnlyList<TrendPoint> Trend,
    RespondentProfile Profile,
    IReadOnlyList<SuggestionRow> Suggestions,
    IReadOnlyList<FollowUpRow> FollowUps,
    WorkbookSnapshot? Snapshot = null,
    ThemeSummary.Result? Themes = null)
{
    /// <summary>The MPP's SPKP and SPAK results of the period with their trend (the SPKP SPAK sheet); empty when it ran SKM only.</summary>
    public IReadOnlyList<OtherIndices.Template> Perception { get; init; } = [];
}

/// <summary>When the index job computed the figures ("2 Des 2026 01.30 WIB") and whether the period is still open (provisional).</summary>
public sealed record WorkbookSnapshot(string ComputedAt, bool Provisional);

/// <summary>One respondent's answers in code order U1..U9 (1-4; null is a blank, never 0).</summary>
/// <param name="Number">The 1-based respondent number shown in the first column.</param>
/// <param name="Answers">Nine answers in code order U1..U9.</param>
public sealed record RespondentRow(int Number, short?[] Answers);

/// <summary>An agency of the MPP with its services. Its index pools its services' respondents (docs/method.md, Pooling above the service).</summary>
/// <param name="Name">The agency's name.</param>
/// <param name="SampleTarget">The agency's sample target, if one is set.</param>
/// <param name="Services">Its services.</param>
public sealed record AgencyRow(string Name, long? SampleTarget, IReadOnlyList<ServiceRow> Services);

/// <summary>One service's results for the period.</summary>
/// <param name="Name">The service's name.</param>
/// <param name="Respondents">Respondents of the service.</param>
/// <param name="Tallies">Its per-element tallies (may be empty when nobody answered yet).</param>
/// <param name="SampleTarget">Its Krejcie &amp; Morgan minimum, if known.</param>
public sealed record ServiceRow(string Name, long Respondents, IReadOnlyList<ElementTally> Tallies, long? SampleTarget);

/// <summary>One period of the trend.</summary>
/// <param name="PeriodCode">The period, e.g. <c>2025-S1</c>.</param>
/// <param name="Converted">Its IKM konversi.</param>
/// <param name="CiLow">Lower bound of its 95% interval, if any.</param>
/// <param name="CiHigh">Upper bound of its 95% interval, if any.</param>
/// <param name="Respondents">Its respondents.</param>
/// <param name="Verdict">Its change against the period before it, if tested.</param>
public sealed record TrendPoint(string PeriodCode, decimal Converted, double? CiLow, double? CiHigh, long Respondents, ChangeVerdict? Verdict);

/// <summary>How many respondents fall in one category of the profile.</summary>
public sealed record ProfileCount(string Label, long Count);

/// <summary>
/// The respondents' profile (of the PermenPANRB 14/2017 questionnaire): gender, age band (17-25, 26-35, 36-45, 46-55, 56+),
/// education (SD..S3) and occupation, each as labelled counts in display order.
/// </summary>
public sealed record RespondentProfile(
    IReadOnlyList<ProfileCount> Gender,
    IReadOnlyList<ProfileCount> AgeBands,
    IReadOnlyList<ProfileCount> Education,
    IReadOnlyList<ProfileCount> Occupation)
{
    public static RespondentProfile Empty { get; } = new([], [], [], []);
}

/// <summary>A suggestion (saran) as the visitor typed it.</summary>
/// <param name="Date">The local date of the response in the MPP's time zone.</param>
/// <param name="ServiceName">The service the visitor received.</param>
/// <param name="Text">The visitor's text, written as an inert string cell.</param>
public sealed record SuggestionRow(DateOnly Date, string ServiceName, string Text);

/// <summary>One action of the follow-up plan (rencana tindak lanjut of PermenPANRB 14/2017).</summary>
/// <param name="ElementCode">The element it targets (U1..U9).</param>
/// <param name="Action">What will be done.</param>
/// <param name="Timeline">When (per quarter), as the plan states it.</param>
/// <param name="PersonInCharge">Who is responsible.</param>
/// <param name="Status">Its status label.</param>
/// <param name="EvidenceNote">A note on the evidence of what was done, if any.</param>
public sealed record FollowUpRow(string ElementCode, string Action, string Timeline, string PersonInCharge, string Status, string? EvidenceNote);

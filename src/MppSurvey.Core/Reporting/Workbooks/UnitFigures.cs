using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>The bounds of a 95% confidence interval of an index (docs/method.md, The interval of the index), as stored by the index job.</summary>
/// <param name="Low">Lower bound on the 25-100 scale.</param>
/// <param name="High">Upper bound on the 25-100 scale.</param>
public sealed record IndexInterval(double Low, double High);

/// <summary>The change of a unit's index against its previous period (docs/method.md, A change between two periods).</summary>
/// <param name="PreviousPeriodCode">The previous period, e.g. <c>2025-S1</c>.</param>
/// <param name="PreviousConverted">That period's IKM konversi (rounded or not: it is rounded half away from zero for display).</param>
/// <param name="Verdict">Rise, fall or no significant change, from <see cref="PeriodChangeTest"/>.</param>
/// <param name="PValue">The two-sided p-value when the test could be run.</param>
public sealed record PeriodComparison(string PreviousPeriodCode, decimal PreviousConverted, ChangeVerdict Verdict, double? PValue);

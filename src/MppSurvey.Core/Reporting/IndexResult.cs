namespace MppSurvey.Core.Reporting;

public enum UnitKind
{
    National = 1,
    Province = 2,
    Mall = 3,
    Agency = 4,
    Service = 5,
    // The index by how the service was delivered (the service model and the channel), for one MPP and
    // nationally: the same SKM index and interval as every other unit (docs/method.md), UnitKey "{regency}/{value}"
    // or "ID/{value}" with the stored number of the ServiceModel or ResponseChannel (DeliveryUnits).
    MallServiceModel = 6,
    MallChannel = 7,
    NationalServiceModel = 8,
    NationalChannel = 9,
}

/// <summary>
/// The stored index of one unit for one period and template, written by the index job and read by
/// the dashboards (never recomputed per request). Sums and counts are kept so any figure can be
/// re-derived with the scoring code.
/// </summary>
public sealed class IndexResult
{
    public long Id { get; set; }
    public required string PeriodCode { get; init; }
    public required string TemplateCode { get; init; }
    public UnitKind UnitKind { get; init; }
    /// <summary>Region code for national/province/mall units, the agency or service id otherwise.</summary>
    public required string UnitKey { get; init; }
    public int? MallId { get; init; }
    public int? AgencyId { get; init; }
    public int? ServiceId { get; init; }
    /// <summary>Province of the unit (null for the national unit), for province filters and aggregates.</summary>
    public string? ProvinceCode { get; init; }
    public int Respondents { get; set; }
    public required string[] ElementCodes { get; set; }
    public required int[] ElementAnswered { get; set; }
    public required long[] ElementSums { get; set; }
    public decimal Ikm { get; set; }
    public decimal Converted { get; set; }
    public required string Grade { get; set; }
    /// <summary>
    /// Sufficient statistics of the respondent-level score (mean answer x 25 for SKM, 0-100 otherwise):
    /// kept so the next period's Welch test needs no second pass over this period's responses.
    /// </summary>
    public long ScoreN { get; set; }
    public double ScoreSum { get; set; }
    public double ScoreSumOfSquares { get; set; }
    /// <summary>
    /// Standard error of <see cref="Converted"/> itself (delta method over the element means, see
    /// <see cref="Scoring.IndexUncertainty"/>): the interval and the change verdict are built on it.
    /// </summary>
    public double? StandardError { get; set; }
    public double? CiLow { get; set; }
    public double? CiHigh { get; set; }
    public int? SampleTarget { get; set; }
    public decimal? PreviousConverted { get; set; }
    public string? ChangeVerdict { get; set; }
    public double? ChangePValue { get; set; }
    public bool IncludesFlagged { get; set; }
    /// <summary>
    /// The respondent profile of an MPP unit (null for other units), counted in the same snapshot as
    /// the index so every surface shows one n; layout in <see cref="RespondentProfileCounts"/>.
    /// </summary>
    public int[]? ProfileCounts { get; set; }
    /// <summary>
    /// For an MPP unit, the latest receipt time among the responses counted: the workbook lists the
    /// respondents received up to it, so its rows are the ones behind these figures.
    /// </summary>
    public DateTimeOffset? LastReceivedAt { get; set; }
    /// <summary>When the snapshot these figures come from was taken (the database clock at the start of the run).</summary>
    public DateTimeOffset ComputedAt { get; set; }
}

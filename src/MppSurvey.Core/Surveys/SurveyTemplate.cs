namespace MppSurvey.Core.Surveys;

/// <summary>A questionnaire (skm, spkp, spak, ...). Its content lives in versions.</summary>
public sealed class SurveyTemplate
{
    public int Id { get; set; }
    public required string Code { get; init; }
    public required string NameId { get; set; }
    public required string NameEn { get; set; }
    public List<SurveyTemplateVersion> Versions { get; } = [];
}

/// <summary>
/// One immutable version of a template. Responses point at the version they answered; scored
/// answers are stored in the order of <see cref="ElementCodes"/>, so the index of a code in that
/// array is where its answer sits in a response's score array.
/// </summary>
public sealed class SurveyTemplateVersion
{
    public int Id { get; set; }
    public int TemplateId { get; set; }
    public SurveyTemplate? Template { get; set; }
    public int Version { get; init; }
    public int ScaleMin { get; init; }
    public int ScaleMax { get; init; }
    public required string[] ElementCodes { get; init; }
    /// <summary>The template file exactly as loaded (JSON), for rendering and audit.</summary>
    public required string Definition { get; init; }
    public required string ContentHash { get; init; }
    public string SourceFile { get; init; } = "";
    public DateTimeOffset PublishedAt { get; init; } = DateTimeOffset.UtcNow;

    public int ElementIndex(string code) => Array.IndexOf(ElementCodes, code);
}

/// <summary>A template version run at one MPP for one period.</summary>
public sealed class Survey
{
    public int Id { get; set; }
    public int MallId { get; set; }
    public Malls.Mall? Mall { get; set; }
    public int TemplateVersionId { get; set; }
    public SurveyTemplateVersion? TemplateVersion { get; set; }
    public required string PeriodCode { get; init; }
    /// <summary>Service users in the period, when the MPP entered it: the Krejcie &amp; Morgan population (skm-method.md section 4).</summary>
    public int? Population { get; set; }
    public DateTimeOffset OpenedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
}

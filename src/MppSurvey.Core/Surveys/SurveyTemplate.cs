namespace MppSurvey.Core.Surveys;

/// <summary>A questionnaire (skm, spkp, spak, ...). Its content lives in versions.</summary>
public sealed class SurveyTemplate
{
    public int Id { get; set; }
    public required string Code { get; init; }
    public required string NameId { get; set; }
    public required string NameEn { get; set; }
    /// <summary>Null for a national template (files and the Ministry); an MPP's id for that MPP's own additions.</summary>
    public int? OwnerMallId { get; set; }
    public Malls.Mall? OwnerMall { get; set; }
    public List<SurveyTemplateVersion> Versions { get; } = [];
}

/// <summary>
/// One version of a template: a draft while <see cref="PublishedAt"/> is null, immutable once
/// published (a database trigger refuses any change to a published row, see the migration
/// TemplateAuthoring). Responses point at the version they answered; scored answers are stored in
/// the order of <see cref="ElementCodes"/>, so the index of a code in that array is where its answer
/// sits in a response's score array.
/// </summary>
public sealed class SurveyTemplateVersion
{
    public int Id { get; set; }
    public int TemplateId { get; set; }
    public SurveyTemplate? Template { get; set; }
    public int Version { get; init; }
    public int ScaleMin { get; set; }
    public int ScaleMax { get; set; }
    public required string[] ElementCodes { get; set; }
    /// <summary>The template file exactly as loaded or authored (JSON), for rendering and audit.</summary>
    public required string Definition { get; set; }
    public required string ContentHash { get; set; }
    /// <summary>The file it came from; empty for a version authored in the browser.</summary>
    public string SourceFile { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;
    /// <summary>Who authored it in the browser (e-mail); null for a file.</summary>
    public string? CreatedBy { get; init; }
    /// <summary>Null while a draft. Files are published as they are loaded.</summary>
    public DateTimeOffset? PublishedAt { get; set; } = DateTimeOffset.UtcNow;

    public bool IsPublished => PublishedAt is not null;

    public int ElementIndex(string code) => Array.IndexOf(ElementCodes, code);

    /// <summary>A published version exactly as a validated template file defines it, as the catalogue loads files.</summary>
    public static SurveyTemplateVersion FromFile(TemplateFile file, string json, string fileName) => new()
    {
        Version = file.Version,
        ScaleMin = file.Scale.Min,
        ScaleMax = file.Scale.Max,
        ElementCodes = file.Elements.Select(q => q.Code).ToArray(),
        Definition = json,
        ContentHash = TemplateFile.Hash(json),
        SourceFile = fileName,
    };
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
    /// <summary>Service users in the period, when the MPP entered it: the Krejcie &amp; Morgan population (docs/method.md, Sample size (Krejcie and Morgan)).</summary>
    public int? Population { get; set; }
    /// <summary>
    /// When the survey covers only some counters: the agencies (all their services) and single
    /// services it covers. Both null: every agency and service of the MPP.
    /// </summary>
    public int[]? AgencyIds { get; set; }
    public int[]? ServiceIds { get; set; }
    public string? OpenedBy { get; set; }

    public bool IsLimited => AgencyIds is not null || ServiceIds is not null;

    /// <summary>Whether a response for this service (of this agency) belongs to this survey.</summary>
    public bool Covers(int? agencyId, int? serviceId) =>
        !IsLimited
        || (agencyId is int a && AgencyIds is not null && AgencyIds.Contains(a))
        || (serviceId is int s && ServiceIds is not null && ServiceIds.Contains(s));
    public DateTimeOffset OpenedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
}

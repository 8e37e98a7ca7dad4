using System.Text.Json;

namespace MppSurvey.Core.Responses;

/// <summary>One response as a channel (kiosk, phone, officer, import) hands it over.</summary>
public sealed record ResponseSubmission
{
    public Guid Id { get; init; }
    public string RegencyCode { get; init; } = "";
    public int? AgencyId { get; init; }
    public int? ServiceId { get; init; }
    /// <summary>Which questionnaire; the MPP's survey of the period decides the version.</summary>
    public string TemplateCode { get; init; } = "skm";
    public ResponseChannel Channel { get; init; }
    /// <summary>How the service was delivered; the counter unless the channel says otherwise.</summary>
    public ServiceModel ServiceModel { get; init; } = ServiceModel.Direct;
    public int? KioskId { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
    /// <summary>When the visitor began, on the same device clock as <see cref="SubmittedAt"/>: only used to judge straight-lining.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    public Gender? Gender { get; init; }
    public short? Age { get; init; }
    public Education? Education { get; init; }
    public Occupation? Occupation { get; init; }
    /// <summary>Scored answers by element code; a null value is a question left blank.</summary>
    public IReadOnlyDictionary<string, int?> Answers { get; init; } = new Dictionary<string, int?>();
    public string? Suggestion { get; init; }
    /// <summary>
    /// Answers to the unscored questions (single, multiple, text, number, the overall question) by
    /// question code, as the JSON the channel received: a number for a single choice and a number
    /// question, an array of numbers for a multiple choice, a string for text; null is a blank answer.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> Other { get; init; } = new Dictionary<string, JsonElement>();
    /// <summary>Flags the channel determined from what only it can see (a burst from one kiosk or client); the recorder adds Late and StraightLining.</summary>
    public ResponseFlags Flags { get; init; }
    /// <summary>The token of the digital invitation link the response came through; it binds the service, once.</summary>
    public string? Invitation { get; init; }
}

public enum RecordOutcome
{
    Created,
    Duplicate,
    Rejected,
}

/// <summary>A problem with one field. <see cref="Code"/> is a resource key, so the caller can say it in the user's language.</summary>
public sealed record FieldError(string Field, string Code, params object[] Args);

/// <summary>What a newly created response was stored as: enough for the caller's receipt without reading the row back.</summary>
public sealed record StoredResponse(string RegencyCode, string PeriodCode, string TemplateCode, int TemplateVersion, DateTime SubmittedAtLocal, DateTimeOffset ReceivedAt, ResponseFlags Flags, int SurveyId = 0);

public sealed record RecordResult(RecordOutcome Outcome, Guid Id, IReadOnlyList<FieldError> Errors)
{
    /// <summary>Set when <see cref="Outcome"/> is Created.</summary>
    public StoredResponse? Stored { get; init; }

    /// <summary>The integrity alerts the new response raised (none for a duplicate).</summary>
    public IReadOnlyList<Alerts.IntegrityAlertReason> RaisedAlerts { get; init; } = [];

    public static RecordResult Rejected(Guid id, IReadOnlyList<FieldError> errors) => new(RecordOutcome.Rejected, id, errors);
}

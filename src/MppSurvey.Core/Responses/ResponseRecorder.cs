using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using MppSurvey.Core.Database;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Responses;

/// <summary>
/// Validates a submission against its MPP and template version and stores it exactly once: the
/// insert is `ON CONFLICT (id) DO NOTHING`, so a retry of an acknowledged response, even two
/// racing retries, never creates a second row. Nothing is written when any field is wrong.
/// Flags: Late when the survey is closed, StraightLining by <see cref="ResponseFlagging"/>, plus
/// whatever the channel determined itself (<see cref="ResponseSubmission.Flags"/>, e.g. Burst).
/// Every look-up before the insert comes from <see cref="IngestCatalog"/>, so an accepted response is one round trip.
/// </summary>
public sealed class ResponseRecorder(MppSurveyDbContext db, TimeProvider clock, IngestCatalog catalog, IOptions<FlaggingRules>? rules = null, ResponseBatchWriter? batch = null)
{
    private readonly FlaggingRules _rules = rules?.Value ?? new FlaggingRules();

    public const int MaxSuggestionLength = 2000;
    /// <summary>A device clock may run a little fast; beyond this a timestamp is not believable.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(10);
    /// <summary>
    /// No MPP took responses before this; an earlier time is a device clock that was never set.
    /// With the future bound it also keeps every later use of the time (the MPP's local time, the
    /// period code) inside the calendar's range.
    /// </summary>
    public static readonly DateTimeOffset EarliestSubmission = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public async Task<RecordResult> RecordAsync(ResponseSubmission s, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        if (s.Id == Guid.Empty)
        {
            errors.Add(new FieldError("id", "Error_IdMissing"));
        }
        // As PostgreSQL keeps it (microseconds), so the receipt equals a later read of the row.
        var now = Microseconds(clock.GetUtcNow());
        var submittedInRange = s.SubmittedAt >= EarliestSubmission && s.SubmittedAt <= now + FutureTolerance;
        if (!submittedInRange)
        {
            errors.Add(new FieldError("submittedAt", s.SubmittedAt < EarliestSubmission ? "Error_SubmittedTooEarly" : "Error_SubmittedInFuture"));
        }
        if (s.StartedAt is DateTimeOffset started)
        {
            if (started < EarliestSubmission)
            {
                errors.Add(new FieldError("startedAt", "Error_SubmittedTooEarly"));
            }
            else if (started > s.SubmittedAt)
            {
                errors.Add(new FieldError("startedAt", "Error_StartedAfterSubmitted"));
            }
        }
        if (s.Suggestion is { } suggestion)
        {
            if (suggestion.Length > MaxSuggestionLength)
            {
                errors.Add(new FieldError("suggestion", "Error_SuggestionTooLong", MaxSuggestionLength));
            }
            if (suggestion.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            {
                errors.Add(new FieldError("suggestion", "Error_SuggestionControlCharacters"));
            }
        }
        if (!Enum.IsDefined(s.ServiceModel))
        {
            errors.Add(new FieldError("serviceModel", "Error_UnknownServiceModel"));
        }
        if (s.Age is < 10 or > 120)
        {
            errors.Add(new FieldError("age", "Error_AgeOutOfRange", 10, 120));
        }

        var held = await catalog.FindAsync(db, s.RegencyCode, fresh: false, ct);
        var mall = held?.Mall;
        if (held is null || mall is null)
        {
            errors.Add(new FieldError("regencyCode", "Error_UnknownMall", s.RegencyCode));
            return RecordResult.Rejected(s.Id, errors);
        }
        // A digital invitation's link binds the response to its service and the digital model, once (digital invitations).
        Invitations.InvitationBinding.Bound? invitation = null;
        if (s.Invitation is not null || s.Channel == ResponseChannel.Invitation)
        {
            if (s.Invitation is null)
            {
                errors.Add(new FieldError("invitation", "Error_InvitationMissing"));
                return RecordResult.Rejected(s.Id, errors);
            }
            invitation = await Invitations.InvitationBinding.CheckAsync(db, s, mall.Id, now, errors, ct);
            if (invitation is null)
            {
                return RecordResult.Rejected(s.Id, errors);
            }
            s = s with { AgencyId = invitation.AgencyId, ServiceId = invitation.ServiceId, Channel = ResponseChannel.Invitation, ServiceModel = ServiceModel.Digital };
        }

        // A refusal is never made on held data alone: what the process holds may lag a change made
        // on another node by the moment its notification takes, so the MPP is read again first.
        if (!held.Accepts(s, submittedInRange ? DateOnly.FromDateTime(mall.LocalTime(s.SubmittedAt)) : null))
        {
            held = await catalog.FindAsync(db, s.RegencyCode, fresh: true, ct);
            if (held is null)
            {
                errors.Add(new FieldError("regencyCode", "Error_UnknownMall", s.RegencyCode));
                return RecordResult.Rejected(s.Id, errors);
            }
            mall = held.Mall;
        }

        var counterAgencyId = s.AgencyId;
        if (s.ServiceId is int serviceId)
        {
            if (!held.AgencyOfService.TryGetValue(serviceId, out var serviceAgencyId))
            {
                errors.Add(new FieldError("serviceId", "Error_UnknownService", serviceId));
            }
            else if (s.AgencyId is int given && given != serviceAgencyId)
            {
                errors.Add(new FieldError("agencyId", "Error_ServiceNotOfAgency", serviceId, given));
            }
            else
            {
                counterAgencyId = serviceAgencyId;
            }
        }
        if (s.AgencyId is int agencyId && !held.ActiveAgencies.Contains(agencyId))
        {
            errors.Add(new FieldError("agencyId", "Error_UnknownAgency", agencyId));
        }

        if (!submittedInRange)
        {
            // Nothing below may see a time outside the range: the local time and the period would overflow.
            return RecordResult.Rejected(s.Id, errors);
        }

        // A response belongs to the period of its local date in the MPP's time zone (docs/method.md, Periods).
        var local = Microseconds(mall.LocalTime(s.SubmittedAt));
        var localDate = DateOnly.FromDateTime(local);
        var running = held.Running(s.TemplateCode, localDate);
        // A survey limited to some counters takes responses for those only (the page offers no others).
        var survey = running.FirstOrDefault(x => x.Covers(counterAgencyId, s.ServiceId));
        if (survey is null)
        {
            errors.Add(running.Count > 0
                ? new FieldError(s.ServiceId is null ? "agencyId" : "serviceId", "Error_CounterNotSurveyed", mall.Name)
                : new FieldError("templateCode", "Error_NoSurvey", s.TemplateCode, mall.Name));
            return RecordResult.Rejected(s.Id, errors);
        }

        var version = survey.TemplateVersion!;
        var scores = new short?[version.ElementCodes.Length];
        foreach (var (code, value) in s.Answers)
        {
            var index = version.ElementIndex(code);
            if (index < 0)
            {
                errors.Add(new FieldError($"answers.{code}", "Error_UnknownElement", code, version.Version));
                continue;
            }
            if (value is int v)
            {
                if (v < version.ScaleMin || v > version.ScaleMax)
                {
                    errors.Add(new FieldError($"answers.{code}", "Error_AnswerOutOfScale", v, version.ScaleMin, version.ScaleMax));
                    continue;
                }
                scores[index] = (short)v;
            }
        }
        if (scores.Length > 0 && scores.All(x => x is null) && !errors.Any(e => e.Field.StartsWith("answers.", StringComparison.Ordinal)))
        {
            // An empty Kirim is not a respondent: counted, it would inflate "Responden" without a score.
            errors.Add(new FieldError("answers", "Error_NoScoredAnswer"));
        }
        var file = await IngestCatalog.FileAsync(db, version, ct);
        foreach (var code in file.Elements.Where(q => q.Required && version.ElementIndex(q.Code) >= 0).Select(q => q.Code))
        {
            if (scores[version.ElementIndex(code)] is null && !errors.Any(e => e.Field == $"answers.{code}"))
            {
                errors.Add(new FieldError($"answers.{code}", "Error_AnswerRequired", code));
            }
        }
        var otherAnswers = OtherAnswers.Read(file, version.Version, s.Other, errors);
        if (errors.Count > 0)
        {
            return RecordResult.Rejected(s.Id, errors);
        }

        // A response that arrives after its period was closed is kept and marked late (an offline queue), never dropped.
        var flags = s.Flags & ~ResponseFlags.Late;
        if (survey.ClosedAt is not null)
        {
            flags |= ResponseFlags.Late;
        }
        if (ResponseFlagging.IsStraightLining(scores, s.StartedAt, s.SubmittedAt, _rules))
        {
            flags |= ResponseFlags.StraightLining;
        }
        var suggestionText = string.IsNullOrWhiteSpace(s.Suggestion) ? null : s.Suggestion.Trim();
        var themes = suggestionText is null ? Themes.SuggestionTheme.None : Themes.SuggestionClassifier.Classify(suggestionText, held.ThemeTerms);
        // Integrity alerts are raised by the same statement as the row: never one without the other, none on a replay.
        var (alertReasons, alertTexts) = Alerts.IntegrityAlertRaising.Reasons(themes, suggestionText, version, scores);
        InsertOutcome inserted;
        // The insert and the invitation's claim commit together, or neither does.
        await using var claim = invitation is null ? null : await db.Database.BeginTransactionAsync(ct);
        try
        {
            // A response without an invitation goes into the group commit with the others of this moment;
            // one with an invitation stays a single row here, in the transaction that also claims the
            // invitation (a batch cannot hold one request's claim beside the others' rows).
            inserted = claim is null ? await BatchedAsync() : (await InsertAsync().ToListAsync(ct))[0];
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // The survey, counter or kiosk looked up above went away before the insert (an admin cancelled
            // a survey that had no answer yet at that very moment): the response has nothing to belong to.
            return RecordResult.Rejected(s.Id, [new FieldError("templateCode", "Error_NoSurvey", s.TemplateCode, mall.Name)]);
        }
        if (claim is not null && inserted.Inserted == 1)
        {
            if (!await Invitations.InvitationBinding.ClaimAsync(db, invitation!.Id, s.Id, now, ct))
            {
                return RecordResult.Rejected(s.Id, [new FieldError("invitation", Invitations.InvitationBinding.UsedCode)]);
            }
            await claim.CommitAsync(ct);
        }
        return inserted.Inserted == 1
            ? new RecordResult(RecordOutcome.Created, s.Id, [])
            {
                Stored = new StoredResponse(mall.RegencyCode, survey.PeriodCode, version.Template!.Code, version.Version, local, now, flags, survey.Id),
                RaisedAlerts = inserted.Alerts == 0 ? [] : alertReasons.Select(r => (Alerts.IntegrityAlertReason)r).ToList(),
            }
            : new RecordResult(RecordOutcome.Duplicate, s.Id, []);

        async Task<InsertOutcome> BatchedAsync()
        {
            var writer = batch ?? ResponseBatchWriter.For(db.Database.GetConnectionString()!);
            if (!writer.Enabled)
            {
                return (await InsertAsync().ToListAsync(ct))[0];
            }
            var created = await writer.WriteAsync(new ResponseBatchWriter.Row(s.Id, survey.Id, mall.Id, counterAgencyId, s.ServiceId, version.Id, survey.PeriodCode,
                (int)s.Channel, s.KioskId, local, now, (int?)s.Gender, s.Age, (int?)s.Education, (int?)s.Occupation, scores, suggestionText, otherAnswers,
                (int)flags, (int)themes, (short)s.ServiceModel, alertReasons, alertTexts), ct);
            // The alerts are written by the row's own statement: all of them with a new row, none on a replay.
            return new InsertOutcome { Inserted = created ? 1 : 0, Alerts = created ? alertReasons.Length : 0 };
        }

        IQueryable<InsertOutcome> InsertAsync() => db.Database.SqlQuery<InsertOutcome>($"""
            WITH ins AS (INSERT INTO responses (id, survey_id, mall_id, agency_id, service_id, template_version_id, period_code, channel, kiosk_id,
                                   submitted_at_local, received_at, gender, age, education, occupation, scores, suggestion, other_answers, flags, themes, service_model)
            VALUES ({s.Id}, {survey.Id}, {mall.Id}, {counterAgencyId}, {s.ServiceId}, {version.Id}, {survey.PeriodCode}, {(int)s.Channel}, {s.KioskId},
                    {new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Timestamp, Value = local }}, {now}, {(int?)s.Gender}, {s.Age}, {(int?)s.Education}, {(int?)s.Occupation}, {scores}, {suggestionText},
                    {new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)otherAnswers ?? DBNull.Value }}, {(int)flags}, {(int)themes}, {(short)s.ServiceModel})
            ON CONFLICT (id) DO NOTHING
            RETURNING id, mall_id, period_code, received_at),
            alerts AS (INSERT INTO integrity_alerts (mall_id, response_id, period_code, reason, raised_at, masked_text)
            SELECT ins.mall_id, ins.id, ins.period_code, a.reason, ins.received_at, a.masked_text
            FROM ins CROSS JOIN unnest({alertReasons}::integer[], {alertTexts}::text[]) AS a(reason, masked_text)
            RETURNING 1)
            SELECT (SELECT count(*) FROM ins)::int AS "Inserted", (SELECT count(*) FROM alerts)::int AS "Alerts"
            """);
    }

    /// <summary>Whether the row was new, and how many integrity alerts came with it.</summary>
    private sealed class InsertOutcome
    {
        public int Inserted { get; init; }
        public int Alerts { get; init; }
    }

    private static DateTimeOffset Microseconds(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);

    private static DateTime Microseconds(DateTime t) => new(t.Ticks - t.Ticks % 10, t.Kind);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MppSurvey.Core.Database;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Responses;
using MppSurvey.Web.Hosting;

namespace MppSurvey.Web.Api;

/// <summary>
/// POST /api/v1/responses: one visitor's answers from any channel (the survey page, a kiosk, an
/// officer's tablet, future apps). Contract, in the order the checks run:
/// 415 unless the body is application/json (which a cross-site form cannot send without a CORS
/// preflight this API never grants, so other sites cannot make visitors' browsers submit);
/// 413 over 64 KiB; 400 problem+json naming each bad field (also a time outside 2000-01-01Z .. now + 10
/// minutes, text that is not Unicode, a response without any scored answer); 401 problem+json for a kiosk
/// response without a valid `X-Kiosk-Token`; 200 with the stored response's receipt when the id
/// is already stored (the first arrival wins, whatever the repeat contains: a retry after a lost
/// acknowledgement must succeed, also during the kiosk cooldown); 429 with Retry-After during a
/// kiosk's cooldown or past the per-client rate limit; 201 with the receipt when stored.
/// Flagged responses (burst, straight-lining, late) are stored with 201 like any other.
/// </summary>
public static class ResponsesApi
{
    public const string Route = "/api/v1/responses";
    public const string RateLimitPolicy = "responses";
    /// <summary>A full response with a 2000-character suggestion is under 10 KiB.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static void MapResponsesApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        app.MapPost(Route, ReceiveAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicy)
            .WithName("SubmitResponse")
            .WithTags("Responses")
            .WithSummary("Submit one anonymous survey response")
            .WithDescription("""
                Stores one visitor's answers once per client-generated id. 201 on the first arrival; 200 with the same body
                when the id is already stored (the first arrival wins). 400 problem+json names each bad field in `errors`
                (unknown MPP, agency, service or template, an answer outside the scale, a missing required answer, an
                oversized suggestion or one with control characters, a timestamp before 2000 or more than 10 minutes ahead,
                no scored answer at all, text that is not Unicode (a lone surrogate escape, bytes that are not UTF-8), unknown fields;
                for the unscored questions in `other`: an unknown question, a value of the wrong type, a choice that is not
                one of the question's answer values, a number outside its min/max, a text too long or with control characters,
                a required one missing: each named `other.{code}`).
                Channel `invitation` carries the token of a digital invitation link in `invitation`: the response is bound to
                that invitation's service as the digital service model; 409 when the link already brought another response.
                Channel `kiosk` needs the header X-Kiosk-Token (401 without a valid, unrevoked token) and waits a cooldown
                between two responses (429 with Retry-After). Other channels are rate-limited per client (429 with Retry-After).
                Messages are Indonesian unless Accept-Language or ?culture= asks for English. Responses arriving in bursts,
                or with identical answers given in a few seconds, are stored but flagged and left out of the index by default;
                one arriving after its period was closed is stored as a late amendment.
                """)
            .Produces<ResponseReceipt>(StatusCodes.Status201Created)
            .Produces<ResponseReceipt>(StatusCodes.Status200OK)
            .ProducesValidationProblem(StatusCodes.Status400BadRequest)
            .ProducesValidationProblem(StatusCodes.Status401Unauthorized)
            .ProducesValidationProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext http,
        MppSurveyDbContext db,
        ResponseRecorder recorder,
        RecentSubmissions recent,
        IOptions<SurveyOptions> options,
        IOptions<FlaggingRules> rules,
        IStringLocalizer<SharedText> text,
        TimeProvider clock,
        ResponseEvents events,
        Alerts.IntegrityAlertNotifier alerts,
        CancellationToken ct)
    {
        ApiProblems.UseCallerCulture(http);
        if (!http.Request.HasJsonContentType())
        {
            return events.Refused(ApiProblems.Invalid(text, new FieldError("body", "Api_UnsupportedMediaType"), StatusCodes.Status415UnsupportedMediaType),
                ResponseEvents.UnsupportedMediaType, StatusCodes.Status415UnsupportedMediaType, "unknown");
        }
        var body = await ReadBodyAsync(http.Request, ct);
        if (body is null)
        {
            return events.Refused(ApiProblems.Invalid(text, new FieldError("body", "Api_BodyTooLarge", MaxBodyBytes), StatusCodes.Status413PayloadTooLarge),
                ResponseEvents.TooLarge, StatusCodes.Status413PayloadTooLarge, "unknown");
        }
        var read = ResponseRequestReader.Read(body);
        var (parsed, errors) = read;
        if (parsed is null)
        {
            return events.Refused(ApiProblems.Invalid(text, errors), ResponseEvents.Invalid, StatusCodes.Status400BadRequest, "unknown", errors);
        }
        var channel = ChannelName(parsed.Channel);

        var token = http.Request.Headers[KioskTokens.HeaderName].ToString();
        int? kioskId = null;
        if (parsed.Channel == ResponseChannel.Kiosk)
        {
            var (kiosk, kioskModel, problem, reason) = await AuthenticateKioskAsync(db, token, parsed.RegencyCode, text, ct);
            if (problem is not null)
            {
                return events.Refused(problem, reason!, reason == ResponseEvents.KioskOfOtherMall ? StatusCodes.Status400BadRequest : StatusCodes.Status401Unauthorized, channel);
            }
            // The kiosk's model is set by the MPP admin, not by the tablet: a body naming another is refused, not believed.
            if (read.ServiceModelGiven && parsed.ServiceModel != kioskModel)
            {
                var conflict = new FieldError("serviceModel", "Api_KioskServiceModel", ServiceModelSlugs.Slug(kioskModel));
                return events.Refused(ApiProblems.Invalid(text, conflict), ResponseEvents.Invalid, StatusCodes.Status400BadRequest, channel, [conflict]);
            }
            parsed = parsed with { ServiceModel = kioskModel };
            kioskId = kiosk;
            // A response is a sign of life too (throttled to one write a minute, like the heartbeat).
            await KioskActivity.TouchAsync(db, kiosk!.Value, clock.GetUtcNow(), ct);
        }
        else if (token.Length > 0)
        {
            // The header would also select the kiosks' larger rate-limit budget: it belongs to kiosk responses only.
            return events.Refused(ApiProblems.Invalid(text, new FieldError(KioskTokens.HeaderName, "Api_KioskTokenNotForChannel")),
                ResponseEvents.KioskTokenNotForChannel, StatusCodes.Status400BadRequest, channel);
        }

        var now = clock.GetUtcNow();
        var flagging = rules.Value;
        var source = kioskId is int k ? $"kiosk:{k}" : $"client:{ClientAddress.Of(http)}";
        var cooldown = kioskId is null ? TimeSpan.Zero : TimeSpan.FromSeconds(options.Value.KioskCooldownSeconds);
        var admission = recent.Admit(source, now, cooldown, flagging.BurstWindow);
        if (!admission.Admitted)
        {
            // A retry of a response already stored is acknowledged again, cooldown or not: the kiosk
            // lost the first answer and must be able to drop the response from its queue.
            if (parsed.Id != Guid.Empty && await ReceiptAsync(db, parsed.Id, ct) is { } acknowledged)
            {
                events.Accepted(acknowledged.Receipt.Channel, acknowledged.Receipt.RegencyCode, acknowledged.SurveyId, replay: true, acknowledged.Flags);
                return TypedResults.Ok(acknowledged.Receipt);
            }
            events.CooldownRefused(kioskId ?? 0, admission.RetryAfter);
            return ApiProblems.TooMany(http, text, admission.RetryAfter, "Api_KioskCooldown");
        }

        var created = false;
        try
        {
            var burstLimit = kioskId is null ? flagging.ClientBurstMaxResponses : flagging.BurstMaxResponses;
            var result = await recorder.RecordAsync(parsed with
            {
                KioskId = kioskId,
                Flags = ResponseFlagging.IsBurst(admission.InWindow, burstLimit) ? ResponseFlags.Burst : ResponseFlags.None,
            }, ct);
            if (result.Outcome == RecordOutcome.Rejected && result.Errors.Any(e => e.Code == Core.Invitations.InvitationBinding.UsedCode))
            {
                // A digital invitation's link already brought another response: a conflict, not a bad field.
                return events.Refused(ApiProblems.Invalid(text, result.Errors, StatusCodes.Status409Conflict, "Api_InvitationUsedTitle"),
                    ResponseEvents.Invalid, StatusCodes.Status409Conflict, channel, result.Errors);
            }
            if (result.Outcome == RecordOutcome.Rejected)
            {
                return events.Refused(ApiProblems.Invalid(text, result.Errors), ResponseEvents.Invalid, StatusCodes.Status400BadRequest, channel, result.Errors);
            }
            if (result.Stored is { } row)
            {
                created = true;
                events.Accepted(channel, row.RegencyCode, row.SurveyId, replay: false, row.Flags);
                alerts.Raised(http.Request, row, result.RaisedAlerts);
                return TypedResults.Created((string?)null, new ResponseReceipt(parsed.Id, row.RegencyCode, row.PeriodCode, row.TemplateCode, row.TemplateVersion,
                    channel, row.SubmittedAtLocal, row.ReceivedAt, row.Flags.HasFlag(ResponseFlags.Late)));
            }
            // A repeat (a retry, or one that raced the first arrival): the receipt of what was stored first.
            var stored = await ReceiptAsync(db, parsed.Id, ct)
                ?? throw new InvalidOperationException($"Response {parsed.Id} was recorded but cannot be read back.");
            events.Accepted(stored.Receipt.Channel, stored.Receipt.RegencyCode, stored.SurveyId, replay: true, stored.Flags);
            return TypedResults.Ok(stored.Receipt);
        }
        finally
        {
            if (!created)
            {
                recent.Withdraw(source, now);
            }
        }
    }

    /// <summary>
    /// 401 for a missing, unknown or revoked token, with one message for unknown and revoked alike
    /// (which of the two it is helps only someone holding a token they should not have).
    /// </summary>
    private static async Task<(int? KioskId, ServiceModel Model, IResult? Problem, string? Reason)> AuthenticateKioskAsync(
        MppSurveyDbContext db, string token, string regencyCode, IStringLocalizer text, CancellationToken ct)
    {
        IResult Refuse(string code)
        {
            return ApiProblems.Invalid(text, new FieldError(KioskTokens.HeaderName, code), StatusCodes.Status401Unauthorized, "Api_KioskTokenTitle");
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            return (null, default, Refuse("Api_KioskTokenMissing"), ResponseEvents.KioskTokenMissing);
        }
        var hash = KioskTokens.Hash(token.Trim());
        var kiosk = await db.Kiosks.AsNoTracking()
            .Where(k => k.TokenHash == hash)
            .Select(k => new { k.Id, k.RevokedAt, k.Mall!.RegencyCode, k.ServiceModel })
            .FirstOrDefaultAsync(ct);
        if (kiosk is null || kiosk.RevokedAt is not null)
        {
            return (null, default, Refuse("Api_KioskTokenRefused"), ResponseEvents.KioskTokenRefused);
        }
        if (!string.Equals(kiosk.RegencyCode, regencyCode, StringComparison.Ordinal))
        {
            return (null, default, ApiProblems.Invalid(text, new FieldError("regencyCode", "Api_KioskOfOtherMall")), ResponseEvents.KioskOfOtherMall);
        }
        return (kiosk.Id, kiosk.ServiceModel, null, null);
    }

    /// <summary>A stored response's receipt, and for the log its survey and flags.</summary>
    private sealed record StoredReceipt(ResponseReceipt Receipt, int SurveyId, ResponseFlags Flags);

    /// <summary>Always read from the stored row, so the first answer and every repeat carry the same body.</summary>
    private static async Task<StoredReceipt?> ReceiptAsync(MppSurveyDbContext db, Guid id, CancellationToken ct)
    {
        var row = await (
                from r in db.Responses.AsNoTracking()
                where r.Id == id
                join s in db.Surveys on r.SurveyId equals s.Id
                join m in db.Malls on r.MallId equals m.Id
                select new
                {
                    r.Id,
                    m.RegencyCode,
                    r.PeriodCode,
                    Template = s.TemplateVersion!.Template!.Code,
                    s.TemplateVersion.Version,
                    r.Channel,
                    r.SubmittedAtLocal,
                    r.ReceivedAt,
                    r.Flags,
                    r.SurveyId,
                })
            .FirstOrDefaultAsync(ct);
        return row is null
            ? null
            : new StoredReceipt(new ResponseReceipt(row.Id, row.RegencyCode, row.PeriodCode, row.Template, row.Version, ChannelName(row.Channel),
                row.SubmittedAtLocal, row.ReceivedAt.ToUniversalTime(), row.Flags.HasFlag(ResponseFlags.Late)), row.SurveyId, row.Flags);
    }

    private static string ChannelName(ResponseChannel channel) => channel switch
    {
        ResponseChannel.Kiosk => "kiosk",
        ResponseChannel.QrPhone => "qr",
        ResponseChannel.OfficerAssisted => "officer",
        ResponseChannel.Invitation => "invitation",
        _ => "import",
    };

    /// <summary>Reads at most <paramref name="maxBytes"/> (<see cref="MaxBodyBytes"/>); null when the body is larger (whatever Content-Length claims).</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct, int maxBytes = MaxBodyBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

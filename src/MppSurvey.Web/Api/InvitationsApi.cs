using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Database;
using MppSurvey.Core.Invitations;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.Web.Hosting;
using Npgsql;

namespace MppSurvey.Web.Api;

/// <summary>
/// POST /api/v1/undangan (digital invitations): an MPP's online service (MPP Digital), after a
/// completed online transaction, asks for a one-time survey link for that transaction's service.
/// Contract, in the order the checks run: 401 problem+json for a missing, unknown or revoked key
/// (one answer for all three); 415 unless JSON; 413 over 16 KiB; 400 problem+json naming each bad
/// field; 422 when the service is not one of the key's MPP's active, surveyed services; 409 when the
/// transaction's link was already answered, has expired or was asked for another service; 201 with
/// {url, expiresAt}; 200 with the same link when the same transaction asks again while it is unused.
/// </summary>
public static class InvitationsApi
{
    public const string Route = "/api/v1/undangan";
    public const string RateLimitPolicy = "invitations";
    /// <summary>A body is two fields; 16 KiB leaves room for a caller's pretty-printing and nothing else.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public sealed record InvitationLink(string Url, DateTimeOffset ExpiresAt);

    public static void MapInvitationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, IssueAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicy)
            .WithName("IssueInvitation")
            .WithTags("Invitations")
            .WithSummary("Ask for a one-time survey link after a completed online transaction")
            .WithDescription("""
                For an MPP's online services (MPP Digital). Authorization: Bearer with the MPP's API key (made at /Admin/KunciApi).
                Body {"serviceId": int, "transactionId": string (optional, 1-100 visible ASCII characters)}. 201 {url, expiresAt};
                with a transactionId, asking again with the same key gives the same link (200) while it is unused. The link opens
                the survey bound to that service (service model digital) and brings one response; it expires after 14 days.
                401 for a missing, unknown or revoked key; 422 for a service that is not the key's MPP's, inactive or not surveyed;
                409 when the transaction's link was answered, has expired or was asked for another service.
                """)
            .Produces<InvitationLink>(StatusCodes.Status201Created)
            .Produces<InvitationLink>(StatusCodes.Status200OK)
            .ProducesValidationProblem(StatusCodes.Status400BadRequest)
            .ProducesValidationProblem(StatusCodes.Status401Unauthorized)
            .ProducesValidationProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<IResult> IssueAsync(
        HttpContext http, MppSurveyDbContext db, IStringLocalizer<SharedText> text, TimeProvider clock, PublicLinks links,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(InvitationsApi).FullName!);
        ApiProblems.UseCallerCulture(http);
        // As PostgreSQL keeps it (microseconds), so a repeat's expiresAt equals the first answer's.
        var utc = clock.GetUtcNow().UtcTicks;
        var now = new DateTimeOffset(utc - utc % 10, TimeSpan.Zero);
        var secret = BearerSecret(http.Request);
        var hash = secret is null ? null : ApiKeySecrets.Hash(secret);
        var key = hash is null ? null : await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.MallId })
            .FirstOrDefaultAsync(ct);
        if (key is null)
        {
            // Missing, unknown or revoked: one answer, so a caller cannot tell a revoked key from a made-up one.
            InvitationsLog.Refused(logger, "key", StatusCodes.Status401Unauthorized);
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiProblems.Invalid(text, new FieldError("Authorization", "Api_ApiKeyRefused"), StatusCodes.Status401Unauthorized, "Api_ApiKeyTitle");
        }
        // "Last used" on the key list; at most one write a minute, however busy the caller.
        var minuteAgo = now.AddMinutes(-1);
        await db.ApiKeys.Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt < minuteAgo))
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAt, now), ct);

        if (!http.Request.HasJsonContentType())
        {
            return Refuse(text, logger, new FieldError("body", "Api_UnsupportedMediaType"), StatusCodes.Status415UnsupportedMediaType);
        }
        var body = await ResponsesApi.ReadBodyAsync(http.Request, ct, MaxBodyBytes);
        if (body is null)
        {
            return Refuse(text, logger, new FieldError("body", "Api_BodyTooLarge", MaxBodyBytes), StatusCodes.Status413PayloadTooLarge);
        }
        var (request, errors) = InvitationRequestReader.Read(body);
        if (request is null)
        {
            InvitationsLog.Refused(logger, "invalid", StatusCodes.Status400BadRequest);
            return ApiProblems.Invalid(text, errors);
        }

        var mall = await db.Malls.AsNoTracking().FirstAsync(m => m.Id == key.MallId, ct);
        var service = await db.Services.AsNoTracking()
            .Where(s => s.Id == request.ServiceId && s.IsActive && s.Agency!.IsActive && s.Agency.MallId == mall.Id)
            .Select(s => new { s.Id, s.AgencyId })
            .FirstOrDefaultAsync(ct);
        if (!mall.IsActive || service is null)
        {
            return Refuse(text, logger, new FieldError("serviceId", "Api_InvitationServiceUnknown", request.ServiceId), StatusCodes.Status422UnprocessableEntity);
        }
        // The link opens today's SKM survey; a service it does not cover could not take the response.
        var today = DateOnly.FromDateTime(mall.LocalTime(now));
        var running = await RunningSurveys.ForDateAsync(db, mall.Id, InvitationBinding.TemplateCode, today, ct);
        if (!running.Any(s => s.ClosedAt is null && s.Covers(service.AgencyId, service.Id)))
        {
            return Refuse(text, logger, new FieldError("serviceId", "Api_InvitationServiceNotSurveyed", request.ServiceId, mall.Name), StatusCodes.Status422UnprocessableEntity);
        }

        var token = request.TransactionId is null ? SurveyInvitationTokens.NewToken() : SurveyInvitationTokens.ForTransaction(secret!, request.TransactionId);
        var tokenHash = SurveyInvitationTokens.Hash(token);
        var url = links.Absolute(http.Request, $"/survei/{Uri.EscapeDataString(mall.RegencyCode)}?undangan={token}")!;
        for (var attempt = 0; ; attempt++)
        {
            var existing = await db.SurveyInvitations.AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == tokenHash, ct);
            if (existing is not null)
            {
                var conflict = existing.ServiceId != service.Id ? "Api_InvitationTransactionOtherService"
                    : existing.ResponseId is not null ? "Api_InvitationTransactionAnswered"
                    : existing.ExpiresAt <= now ? "Api_InvitationTransactionExpired"
                    : null;
                if (conflict is not null)
                {
                    return Refuse(text, logger, new FieldError("transactionId", conflict), StatusCodes.Status409Conflict);
                }
                InvitationsLog.Issued(logger, mall.RegencyCode, service.Id, key.Id, repeat: true);
                return TypedResults.Ok(new InvitationLink(url, existing.ExpiresAt));
            }
            var invitation = new SurveyInvitation
            {
                MallId = mall.Id,
                AgencyId = service.AgencyId,
                ServiceId = service.Id,
                ApiKeyId = key.Id,
                TokenHash = tokenHash,
                CreatedAt = now,
                ExpiresAt = now + SurveyInvitationTokens.Lifetime,
            };
            db.SurveyInvitations.Add(invitation);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (attempt == 0 && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // The same transaction asked twice at once: the other request stored it; answer with its link.
                db.Entry(invitation).State = EntityState.Detached;
                continue;
            }
            InvitationsLog.Issued(logger, mall.RegencyCode, service.Id, key.Id, repeat: false);
            return TypedResults.Created((string?)null, new InvitationLink(url, invitation.ExpiresAt));
        }
    }

    private static IResult Refuse(IStringLocalizer text, ILogger logger, FieldError error, int status)
    {
        InvitationsLog.Refused(logger, error.Code, status);
        var title = status switch
        {
            StatusCodes.Status409Conflict => "Api_InvitationConflictTitle",
            StatusCodes.Status422UnprocessableEntity => "Api_InvitationUnprocessableTitle",
            _ => "Api_ValidationTitle",
        };
        return ApiProblems.Invalid(text, error, status, title);
    }

    /// <summary>The secret of `Authorization: Bearer {secret}`; null when the header is missing or another scheme.</summary>
    private static string? BearerSecret(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var secret = header[scheme.Length..].Trim();
        return secret.Length is > 0 and <= 200 && secret.StartsWith(ApiKeySecrets.Marker, StringComparison.Ordinal) ? secret : null;
    }
}

/// <summary>
/// The invitation API's log (digital invitations), event ids 1600-1699: which MPP, service and key
/// id, never the key's secret, the link's token or the caller's transaction reference.
/// </summary>
internal static partial class InvitationsLog
{
    [LoggerMessage(EventId = 1600, EventName = "InvitationIssued", Level = LogLevel.Information,
        Message = "Survey invitation issued: MPP {RegencyCode}, service {ServiceId}, API key {ApiKeyId}, repeat {Repeat}")]
    public static partial void Issued(ILogger logger, string regencyCode, int serviceId, int apiKeyId, bool repeat);

    [LoggerMessage(EventId = 1601, EventName = "InvitationRefused", Level = LogLevel.Information,
        Message = "Survey invitation refused: {Reason} ({Status})")]
    public static partial void Refused(ILogger logger, string reason, int status);
}

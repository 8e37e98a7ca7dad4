using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Database;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Responses;

namespace MppSurvey.Web.Api;

/// <summary>
/// POST /api/v1/kiosks/heartbeat: an enrolled kiosk's page says it is alive (heartbeat.js, every
/// minute), so /Admin/Kiosks shows when each tablet was last seen. 204 when the device token is
/// valid, whether or not the throttled write happened (<see cref="KioskActivity"/>); 401
/// problem+json for a missing, unknown or revoked token, with one message for unknown and revoked.
/// </summary>
public static class KioskHeartbeatApi
{
    public const string Route = "/api/v1/kiosks/heartbeat";

    public static void MapKioskHeartbeatApi(this IEndpointRouteBuilder app) =>
        app.MapPost(Route, HeartbeatAsync)
            .AllowAnonymous()
            // Not under the responses' rate limit: a heartbeat must never use up the budget the kiosks
            // behind one address share for responses. It is one indexed lookup, and writes at most once a minute.
            .WithName("KioskHeartbeat")
            .WithTags("Kiosks")
            .WithSummary("Tell the server that an enrolled kiosk is alive")
            .WithDescription("""
                Needs the header X-Kiosk-Token. 204 when the token is valid and not revoked (the kiosk's "last seen" is
                updated at most once a minute); 401 problem+json otherwise. No body is read.
                """)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem(StatusCodes.Status401Unauthorized);

    private static async Task<IResult> HeartbeatAsync(HttpContext http, MppSurveyDbContext db, IStringLocalizer<SharedText> text, TimeProvider clock, CancellationToken ct)
    {
        ApiProblems.UseCallerCulture(http);
        var token = http.Request.Headers[KioskTokens.HeaderName].ToString().Trim();
        if (token.Length == 0)
        {
            return Refuse(text, "Api_KioskTokenMissing");
        }
        var hash = KioskTokens.Hash(token);
        var kiosk = await db.Kiosks.AsNoTracking()
            .Where(k => k.TokenHash == hash && k.RevokedAt == null)
            .Select(k => (int?)k.Id)
            .FirstOrDefaultAsync(ct);
        if (kiosk is not int id)
        {
            return Refuse(text, "Api_KioskTokenRefused");
        }
        await KioskActivity.TouchAsync(db, id, clock.GetUtcNow(), ct);
        return TypedResults.NoContent();
    }

    private static IResult Refuse(IStringLocalizer text, string code) =>
        ApiProblems.Invalid(text, new FieldError(KioskTokens.HeaderName, code), StatusCodes.Status401Unauthorized, "Api_KioskTokenTitle");
}

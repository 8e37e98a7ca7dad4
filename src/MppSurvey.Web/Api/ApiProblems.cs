using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Responses;
using MppSurvey.Web.Hosting;

namespace MppSurvey.Web.Api;

/// <summary>
/// Problem details (RFC 9457, application/problem+json) in the caller's language. Validation
/// problems have the ValidationProblemDetails shape: `errors` maps each bad field, named as in the
/// JSON body, to its messages.
/// </summary>
public static class ApiProblems
{
    /// <summary>The recorder names fields after <see cref="ResponseSubmission"/>; the API names them after its JSON body.</summary>
    private static readonly Dictionary<string, string> BodyFieldOf = new(StringComparer.Ordinal)
    {
        ["age"] = "profile.age",
        ["templateCode"] = "template",
    };

    public static IResult Invalid(IStringLocalizer text, IEnumerable<FieldError> errors, int status = StatusCodes.Status400BadRequest, string titleKey = "Api_ValidationTitle") =>
        Results.ValidationProblem(
            errors.GroupBy(e => BodyFieldOf.GetValueOrDefault(e.Field, e.Field), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => text[e.Code, e.Args].Value).ToArray(), StringComparer.Ordinal),
            title: text[titleKey].Value,
            statusCode: status);

    public static IResult Invalid(IStringLocalizer text, FieldError error, int status = StatusCodes.Status400BadRequest, string titleKey = "Api_ValidationTitle") =>
        Invalid(text, [error], status, titleKey);

    /// <summary>
    /// 503 with Retry-After while PostgreSQL cannot be reached (restarting, failing over, a network
    /// blip): the client keeps the response and sends it again with the same id, which is stored
    /// once whether or not the first attempt got through before the connection broke.
    /// </summary>
    public static IResult Unavailable(HttpContext http, IStringLocalizer text, int retryAfterSeconds = 5)
    {
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Results.Problem(
            title: text["Api_UnavailableTitle"].Value,
            detail: text["Api_Unavailable", retryAfterSeconds].Value,
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Whether an exception means the database is out of reach (as opposed to a bug, which stays a 500).</summary>
    public static bool IsDatabaseOutage(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                // Class 08: connection exceptions; 57P01-57P03: the server is shutting down or starting.
                case Npgsql.PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03":
                    return true;
                case Npgsql.PostgresException:
                    return false;
                case Npgsql.NpgsqlException npgsql when npgsql.IsTransient:
                case System.Net.Sockets.SocketException:
                case TimeoutException:
                    return true;
            }
        }
        return false;
    }

    /// <summary>429 with Retry-After in whole seconds (rounded up, at least 1: "0" would invite an immediate retry).</summary>
    public static IResult TooMany(HttpContext http, IStringLocalizer text, TimeSpan retryAfter, string detailKey)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Results.Problem(
            title: text["Api_TooManyTitle"].Value,
            detail: text[detailKey, seconds].Value,
            statusCode: StatusCodes.Status429TooManyRequests);
    }

    /// <summary>
    /// The site picks its language from ?culture= or the culture cookie only; an API client has
    /// neither, so when they are absent its Accept-Language decides (Indonesian unless it asks for English).
    /// Scoped to the API so that the pages keep their behaviour. Also called where the request's own
    /// culture no longer applies (the exception and status-code handlers run outside the localization
    /// middleware), so the culture the request chose is set again here.
    /// </summary>
    public static void UseCallerCulture(HttpContext http)
    {
        var culture = http.Features.Get<IRequestCultureFeature>() is { Provider: not null } chosen
            ? chosen.RequestCulture.UICulture
            // ?culture=id (the site's language link) names a language the middleware does not take as a culture (id-ID).
            : Match(http.Request.Query["culture"].ToString())
                ?? http.Request.GetTypedHeaders().AcceptLanguage
                    .Where(l => l.Quality is null or > 0)
                    .OrderByDescending(l => l.Quality ?? 1)
                    .Select(l => Match(l.Value.Value ?? ""))
                    .FirstOrDefault(c => c is not null)
                ?? LocalizationHosting.Cultures[0];
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    private static CultureInfo? Match(string tag) =>
        tag.Length == 0 ? null : LocalizationHosting.Cultures.FirstOrDefault(c =>
            tag.Equals(c.Name, StringComparison.OrdinalIgnoreCase)
            || tag.Equals(c.TwoLetterISOLanguageName, StringComparison.OrdinalIgnoreCase)
            || tag.StartsWith(c.TwoLetterISOLanguageName + "-", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether the request is the API's: its answers are problem+json, never pages. By the path the
    /// client asked for: the exception handler has pointed the request at /Error by the time it answers.
    /// </summary>
    public static bool IsApi(HttpContext http) =>
        new PathString(http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path.Value)
            .StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>The title of a problem that has only its status (a refusal by authentication, routing or binding), in the caller's language.</summary>
    public static string StatusTitle(IStringLocalizer text, int status) => status switch
    {
        400 or 401 or 403 or 404 or 405 or 413 or 415 => text["Api_Status_" + status.ToString(CultureInfo.InvariantCulture)].Value,
        429 => text["Api_TooManyTitle"].Value,
        >= 500 => text["Error_Title"].Value,
        _ => text["Api_Status_Other"].Value,
    };
}

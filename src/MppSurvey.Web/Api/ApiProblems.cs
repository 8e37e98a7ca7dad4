using System.Globalization;
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
    /// Scoped to the API so that the pages keep their behaviour.
    /// </summary>
    public static void UseCallerCulture(HttpContext http)
    {
        if (http.Features.Get<IRequestCultureFeature>()?.Provider is not null)
        {
            return;
        }
        var culture = LocalizationHosting.Cultures[0];
        var wanted = http.Request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is null or > 0)
            .OrderByDescending(l => l.Quality ?? 1);
        foreach (var language in wanted)
        {
            var tag = language.Value.Value ?? "";
            var match = LocalizationHosting.Cultures.FirstOrDefault(c =>
                tag.Equals(c.Name, StringComparison.OrdinalIgnoreCase)
                || tag.Equals(c.TwoLetterISOLanguageName, StringComparison.OrdinalIgnoreCase)
                || tag.StartsWith(c.TwoLetterISOLanguageName + "-", StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                culture = match;
                break;
            }
        }
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }
}

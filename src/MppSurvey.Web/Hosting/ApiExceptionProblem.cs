using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MppSurvey.Web.Api;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// An unhandled exception in an /api request becomes application/problem+json with a generic
/// title and text, as API clients expect; pages fall through to the /Error page. Neither carries
/// the exception's type, message or stack, only the correlation id (<see cref="ApiProblemWriter"/>);
/// the rest goes to the log under that id (<see cref="ErrorLog"/>). PostgreSQL out of reach is a
/// 503 with Retry-After, not a 500: nothing was acknowledged, so a client (the survey page's queue)
/// sends the same response id again later and it is stored once. A request the server could not read
/// (a body over Kestrel's limit, an unreadable parameter) keeps its 4xx.
/// </summary>
internal sealed class ApiExceptionProblem(IProblemDetailsService problems, IStringLocalizer<SharedText> text) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!ApiProblems.IsApi(httpContext))
        {
            return false;
        }
        ApiProblems.UseCallerCulture(httpContext);
        if (ApiProblems.IsDatabaseOutage(exception) && !httpContext.RequestAborted.IsCancellationRequested)
        {
            var unavailable = ApiProblems.Unavailable(httpContext, text);
            await unavailable.ExecuteAsync(httpContext);
            return true;
        }
        var (status, title, detail) = exception is BadHttpRequestException bad
            ? (bad.StatusCode, ApiProblems.StatusTitle(text, bad.StatusCode), (string?)null)
            : (StatusCodes.Status500InternalServerError, text["Error_Title"].Value, text["Error_Text"].Value);
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            // Null, so that no writer is tempted to describe the exception.
            Exception = null,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}

using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MppSurvey.Web.Api;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// An unhandled exception in an /api request becomes application/problem+json with a generic
/// title and text, as API clients expect; pages fall through to the /Error page. Neither carries
/// the exception's type, message or stack: those go to the log only. PostgreSQL out of reach is a
/// 503 with Retry-After, not a 500: nothing was acknowledged, so a client (the survey page's queue)
/// sends the same response id again later and it is stored once.
/// </summary>
internal sealed class ApiExceptionProblem(IProblemDetailsService problems, IStringLocalizer<SharedText> text) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed Request.Path at /Error by now; the feature keeps the original.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value;
        if (!new PathString(path).StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
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
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            // Null, so that no default writer is tempted to describe the exception.
            Exception = null,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = text["Error_Title"].Value,
                Detail = text["Error_Text"].Value,
            },
        });
    }
}

using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MppSurvey.Web.Api;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// Writes every problem under /api (capability: error responses), whatever the caller's Accept
/// header says: an API answer is application/problem+json, never the HTML error page or plain text
/// (the default writer declines a browser's Accept: text/html). Each problem carries the request's
/// correlationId; the default writer's traceId (the W3C id with a span id) is left out.
/// </summary>
internal sealed class ApiProblemWriter(IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => ApiProblems.IsApi(context.HttpContext);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        // RFC 9457: a type per kind of problem; RFC 9110's section on the status when nothing more specific applies.
        problem.Type ??= $"https://www.rfc-editor.org/rfc/rfc9110#status.{problem.Status}";
        problem.Extensions.Remove("traceId");
        problem.Extensions["correlationId"] = CorrelationId.Of(http);
        var type = json.Value.SerializerOptions.GetTypeInfo(problem.GetType());
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, type, "application/problem+json", http.RequestAborted));
    }
}

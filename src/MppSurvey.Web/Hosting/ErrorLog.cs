using Microsoft.AspNetCore.Diagnostics;
using MppSurvey.Web.Api;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// The first exception handler: logs every unhandled error once, with the correlation id the user is
/// shown, then lets the next handler answer (problem+json under /api, the error page elsewhere). The
/// exception middleware's own log line is switched off (ErrorHandling), so this is the one record.
/// The path is logged without its query string, which can carry an invitation token.
/// </summary>
internal sealed partial class ErrorLog(ILogger<ErrorLog> logger) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value ?? "";
        var id = CorrelationId.Of(httpContext);
        if (exception is BadHttpRequestException bad)
        {
            // The client's fault (a body too large, an unreadable parameter): a 4xx, not an error of ours.
            RequestRefused(logger, id, httpContext.Request.Method, path, bad.StatusCode);
        }
        else if (ApiProblems.IsDatabaseOutage(exception))
        {
            DatabaseUnavailable(logger, exception, id, httpContext.Request.Method, path);
        }
        else
        {
            Unhandled(logger, exception, id, httpContext.Request.Method, path);
        }
        return ValueTask.FromResult(false);
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Error, Message = "Unhandled error {CorrelationId} in {Method} {Path}")]
    private static partial void Unhandled(ILogger logger, Exception exception, string correlationId, string method, string path);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Database out of reach {CorrelationId} in {Method} {Path}")]
    private static partial void DatabaseUnavailable(ILogger logger, Exception exception, string correlationId, string method, string path);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Request refused with {Status} {CorrelationId} in {Method} {Path}")]
    private static partial void RequestRefused(ILogger logger, string correlationId, string method, string path, int status);
}

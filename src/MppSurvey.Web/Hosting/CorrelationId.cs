using System.Diagnostics;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// The id that ties what a user is shown after a failure to the error in the log (capability: error
/// responses): the request's W3C trace id (32 hex digits), the same one the log scopes and any trace
/// exporter carry. Every response has it in X-Correlation-Id; an error page and a 500 problem show it.
/// </summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";

    private sealed record Feature(string Id);

    /// <summary>The request's id, fixed at its first use so that the header, the page and the log agree.</summary>
    public static string Of(HttpContext context)
    {
        if (context.Features.Get<Feature>() is { } known)
        {
            return known.Id;
        }
        var trace = Activity.Current?.TraceId ?? default;
        // Without a request activity (no listener at all), a random id of the same form.
        var id = (trace == default ? ActivityTraceId.CreateRandom() : trace).ToHexString();
        context.Features.Set(new Feature(id));
        return id;
    }

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var id = Of(context);
            // At the start of the response: the exception handler clears the headers before it writes the error page.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[HeaderName] = id;
                return Task.CompletedTask;
            });
            return next(context);
        });
}

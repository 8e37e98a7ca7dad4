namespace MppSurvey.Web.Hosting;

/// <summary>
/// The browser-side protections every response carries: pages, API, static files, error pages.
/// Set when the response starts rather than when the request arrives, because the exception
/// handler clears the headers of a failed response before it writes the error page.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// No inline script or style anywhere in the app, so none is allowed: an injected
    /// &lt;script&gt; or style attribute does nothing. frame-ancestors 'self' (not 'none') because
    /// the admin template preview embeds the survey page in a same-origin iframe.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    /// <summary>
    /// Hangfire's dashboard is third-party markup: its scripts are files (script-src stays 'self'),
    /// but its charts insert a &lt;style&gt; element and its job pages carry style attributes, which
    /// we cannot move into files. Inline styles only, and only under /hangfire, which Administrators
    /// alone can open.
    /// </summary>
    public const string DashboardContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public const string DashboardPath = "/hangfire";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Decided before routing: the dashboard's Map branch rewrites Path while it runs.
            var csp = context.Request.Path.StartsWithSegments(DashboardPath, StringComparison.OrdinalIgnoreCase)
                ? DashboardContentSecurityPolicy
                : ContentSecurityPolicy;
            var response = context.Response;
            response.OnStarting(() =>
            {
                var headers = response.Headers;
                headers.ContentSecurityPolicy = csp;
                // For browsers without CSP frame-ancestors; same reasoning as 'self' above.
                headers.XFrameOptions = "SAMEORIGIN";
                headers.XContentTypeOptions = "nosniff";
                // Survey links carry the service and kiosk mode; other sites need not learn them.
                headers["Referrer-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
}

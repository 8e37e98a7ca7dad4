using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MppSurvey.Web.Api;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// What a failed or refused request shows (capability: error responses). In every environment, `./run`'s
/// Development included: the generic error page, or problem+json under /api, with the correlation id
/// and nothing of the exception or the request (no stack, no source path, no header or cookie). The
/// error goes to the log with the same id (<see cref="ErrorLog"/>). Developers who want the detailed
/// exception page on their own machine set Diagnostics:DetailedErrors=true; it is off by default everywhere.
/// </summary>
public static class ErrorHandling
{
    public static IServiceCollection AddMppSurveyErrorHandling(this IServiceCollection services, IConfiguration configuration)
    {
        // Before AddProblemDetails, so that the problems under /api are this writer's, whatever the caller accepts.
        services.AddSingleton<IProblemDetailsWriter, ApiProblemWriter>();
        services.AddProblemDetails();
        // In this order: log every error with its id, then answer /api with problem+json.
        services.AddExceptionHandler<ErrorLog>();
        services.AddExceptionHandler<ApiExceptionProblem>();
        // Read now: it decides what is registered.
        var diagnostics = Settings.ReadNow<DiagnosticsOptions>(configuration, DiagnosticsOptions.Section);
        services.AddSettings<DiagnosticsOptions>(DiagnosticsOptions.Section);
        if (!diagnostics.DetailedErrors)
        {
            // The Development host puts the developer exception page around everything; anything that got
            // past the handler below would reach it. Without the opt-in it shows the generic answer too.
            services.AddSingleton<IDeveloperPageExceptionFilter, NoDeveloperPage>();
        }
        return services;
    }

    public static WebApplication UseMppSurveyErrorHandling(this WebApplication app)
    {
        app.UseCorrelationId();
        if (app.Services.GetRequiredService<IOptions<DiagnosticsOptions>>().Value.DetailedErrors)
        {
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/Error",
                // A client's bad request keeps its 4xx; PostgreSQL out of reach is 503 (nothing was done, try again).
                StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode
                    : ApiProblems.IsDatabaseOutage(e) ? StatusCodes.Status503ServiceUnavailable
                    : StatusCodes.Status500InternalServerError,
                // ErrorLog has logged it, with the correlation id; the middleware's own line would repeat it without.
                SuppressDiagnosticsCallback = _ => true,
            });
        }
        // A status without a body (401 and 403 from the cookie, 404 and 405 from routing, 400 from binding):
        // problem+json under /api, the error page elsewhere.
        app.UseWhen(c => ApiProblems.IsApi(c), api => api.UseStatusCodePages(WriteApiStatusAsync));
        app.UseWhen(c => !ApiProblems.IsApi(c), pages => pages.UseStatusCodePagesWithReExecute("/Error", "?status={0}"));
        return app;
    }

    private static async Task WriteApiStatusAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        ApiProblems.UseCallerCulture(http);
        var text = http.RequestServices.GetRequiredService<IStringLocalizer<SharedText>>();
        var status = http.Response.StatusCode;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = ApiProblems.StatusTitle(text, status) },
        });
    }

    /// <summary>The developer exception page's stand-in: the generic text and the correlation id, nothing else.</summary>
    private sealed class NoDeveloperPage(IStringLocalizer<SharedText> text) : IDeveloperPageExceptionFilter
    {
        public async Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next)
        {
            var http = errorContext.HttpContext;
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync($"{text["Error_Title"]}. {text["Error_Reference"]} {CorrelationId.Of(http)}");
        }
    }
}

/// <summary>Section `Diagnostics`: `DetailedErrors` (false), the developer exception page (<see cref="ErrorHandling"/>).</summary>
public sealed class DiagnosticsOptions
{
    public const string Section = "Diagnostics";

    public bool DetailedErrors { get; set; }
}

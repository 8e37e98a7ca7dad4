using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// Refuses with 400 a page request whose query string or form fields hold U+0000. PostgreSQL cannot
/// compare or store NUL in text, so such a value reaching a query was a 500 (a NUL in a login email,
/// an invited user's email or regency, ?mpp=...). ASP.NET Core already answers 400 for %00 in a
/// url-encoded form; a multipart form and the query string get the same answer here, before any
/// handler runs, so no page has to remember it.
/// </summary>
public sealed class NulCharacterFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        // Only a form already read (antiforgery validation reads every POST's): reading it here would throw again on a
        // body the form reader refused, when the status-code page re-executes that request.
        var form = context.HttpContext.Features.Get<IFormFeature>()?.Form;
        var values = request.Query.SelectMany(q => q.Value).Concat(form?.SelectMany(f => f.Value) ?? []);
        if (values.Any(v => v is not null && v.Contains('\0', StringComparison.Ordinal)))
        {
            context.Result = new BadRequestResult();
            return;
        }
        await next();
    }
}

using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MppSurvey.Web.Pages;

/// <summary>
/// Shown for unhandled errors and error status codes: no stack trace, no details. After a failure
/// (an exception, or any 5xx) it shows the correlation id under which the error was logged, so that
/// an administrator can find it; nothing else of the request or the exception.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Status { get; set; }

    public string? CorrelationId { get; private set; }

    public void OnGet() => Describe();

    public void OnPost() => Describe();

    private void Describe()
    {
        if (HttpContext.Features.Get<IExceptionHandlerFeature>() is not null || Status >= 500)
        {
            CorrelationId = Hosting.CorrelationId.Of(HttpContext);
        }
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MppSurvey.Web.Pages;

/// <summary>Shown for unhandled errors and error status codes: no stack trace, no details.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Status { get; set; }

    public void OnGet()
    {
    }

    public void OnPost()
    {
    }
}

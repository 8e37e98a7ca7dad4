using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MppSurvey.Web.Pages.Laporan;

/// <summary>
/// Shown instead of a workbook whose stored figures no longer match the responses (responses
/// re-flagged or arriving out of order since the last index run): the next run recomputes them.
/// </summary>
[Authorize]
public sealed class DiperbaruiModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Periode { get; set; }

    public void OnGet() => Response.StatusCode = StatusCodes.Status409Conflict;
}

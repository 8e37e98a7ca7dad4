using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MppSurvey.Web.Pages;

/// <summary>
/// GET /metode: how every figure is computed (docs/method.md), for anyone, signed in or not. The
/// dashboards, the public page, the ministry's funnel plot and the workbooks link here, to a section
/// by its id (/metode#ikm, /metode#over-dispersion, /metode#shrinkage).
/// </summary>
public sealed class MetodeModel : PageModel
{
    public void OnGet()
    {
    }
}

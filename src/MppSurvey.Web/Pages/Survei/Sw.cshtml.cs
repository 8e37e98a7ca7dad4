using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MppSurvey.Web.Pages.Survei;

/// <summary>
/// The kiosk's service worker (wwwroot/survey/sw.js), served under /survei/ because a worker only
/// controls pages below its own path, and the survey pages live at /survei/{regency}.
/// </summary>
public sealed class SwModel(IWebHostEnvironment environment) : PageModel
{
    public IActionResult OnGet()
    {
        // A browser checks for a new worker on every navigation only when the script itself is not cached.
        Response.Headers.CacheControl = "no-cache";
        return File(environment.WebRootFileProvider.GetFileInfo("survey/sw.js").CreateReadStream(), "text/javascript; charset=utf-8");
    }
}

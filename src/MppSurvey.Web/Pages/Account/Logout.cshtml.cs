using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MppSurvey.Core.Identity;

namespace MppSurvey.Web.Pages.Account;

/// <summary>
/// Signing out ends this browser's session (its row in user_sessions is deleted, so a copy of the
/// cookie is refused on every node). The header of every page posts here with its antiforgery token.
/// </summary>
[AlreadySignedOut]
public sealed class LogoutModel(SignInManager<AppUser> signIn) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await signIn.SignOutAsync();
        }
        // Redirect so the page renders for an anonymous user ("you have signed out").
        return RedirectToPage();
    }

    /// <summary>
    /// A sign-out posted without a session (a second click on "Keluar", a page kept open after signing
    /// out) carries a token made for the session that is gone, and antiforgery refuses it with 400.
    /// There is nothing left to end and nothing a forged post could harm, so such a caller gets the
    /// signed-out page instead. A signed-in caller without a valid token is still refused.
    /// </summary>
    private sealed class AlreadySignedOutAttribute : Attribute, IAlwaysRunResultFilter
    {
        public void OnResultExecuting(ResultExecutingContext context)
        {
            if (context.Result is IAntiforgeryValidationFailedResult && context.HttpContext.User.Identity?.IsAuthenticated != true)
            {
                context.Result = new RedirectResult("/Account/Logout");
            }
        }

        public void OnResultExecuted(ResultExecutedContext context)
        {
        }
    }
}

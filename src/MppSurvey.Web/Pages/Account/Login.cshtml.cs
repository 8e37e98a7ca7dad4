using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Identity;
using MppSurvey.Web.Navigation;

namespace MppSurvey.Web.Pages.Account;

/// <summary>
/// The sign-in form. Every failure (unknown e-mail, wrong password, a locked, disabled or not yet
/// activated account) shows one message in one time (<see cref="UniformPasswordSignIn"/>). A signed-in
/// user is offered sign-out instead of a second sign-in: the cookie handler would keep the live
/// session's id for the new user, so a copy of the first user's cookie would carry the second's session.
/// After sign-in a local ReturnUrl wins; without one (or with another site's) each role lands where its
/// work is (<see cref="SiteNavigation.LandingFor"/>).
/// </summary>
public sealed class LoginModel(
    UniformPasswordSignIn signIn,
    SignInManager<AppUser> signInManager,
    IStringLocalizer<SharedText> text,
    IStringLocalizer<EmailText> emailText) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Problem { get; private set; }
    public string? Notice { get; private set; }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [EmailAddress(ErrorMessage = "Validation_Email")]
        [Display(Name = "Login_Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation_Required")]
        [DataType(DataType.Password)]
        [Display(Name = "Login_Password")]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    public void OnGet()
    {
        // Where /Account/Undangan sends a user who has just chosen their password.
        if (Request.Query["undangan"] == "diterima")
        {
            Notice = text["Users_AcceptedLogin"];
        }
        // Where /Account/AturUlangKataSandi sends a browser that was signed in while its password was reset.
        else if (Request.Query["sandi"] == "diganti")
        {
            Notice = emailText["Reset_DoneLogin"];
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var local = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;
        if (User.Identity?.IsAuthenticated == true)
        {
            // A second submit, or a page kept open: the user is signed in already and stays who they are.
            return LocalRedirect(local ?? SiteNavigation.LandingFor(User));
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var email = Input.Email.Trim();
        if (await signIn.SignInAsync(email, Input.Password, Input.RememberMe))
        {
            return LocalRedirect(local ?? await LandingAsync(email));
        }
        Problem = text["Login_Failed"];
        return Page();
    }

    /// <summary>
    /// The cookie is written but this request's User is still anonymous: the landing page is read from
    /// the principal the cookie was made of (the same roles and scope claims).
    /// </summary>
    private async Task<string> LandingAsync(string email)
    {
        var user = await signInManager.UserManager.FindByNameAsync(email);
        return user is null ? "/" : SiteNavigation.LandingFor(await signInManager.CreateUserPrincipalAsync(user));
    }
}

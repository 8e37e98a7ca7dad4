using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Identity;

namespace MppSurvey.Web.Pages.Account;

public sealed class LoginModel(SignInManager<AppUser> signIn, IStringLocalizer<SharedText> text) : PageModel
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
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        // lockoutOnFailure: five wrong passwords lock the account for 15 minutes (IdentityHosting).
        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        if (result.IsLockedOut)
        {
            // A disabled account is locked out "for ever": waiting 15 minutes would not help.
            var user = await signIn.UserManager.FindByNameAsync(Input.Email.Trim());
            Problem = user is not null && AccountDisabling.IsDisabled(user) ? text["Users_LoginDisabled"] : text["Login_LockedOut"];
            return Page();
        }
        Problem = result.IsNotAllowed ? text["Login_NotAllowed"] : text["Login_Invalid"];
        return Page();
    }
}

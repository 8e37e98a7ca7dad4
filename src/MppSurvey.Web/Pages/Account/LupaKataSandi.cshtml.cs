using System.ComponentModel.DataAnnotations;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MppSurvey.Web.Email;
using MppSurvey.Web.Hosting;

namespace MppSurvey.Web.Pages.Account;

/// <summary>
/// "Lupa kata sandi": asks for an e-mail address and queues the reset mail (<see cref="PasswordResetMail"/>).
/// Every well-formed address gets the same answer, after the same work, whether or not it has an
/// account. Without e-mail settings the page says that resetting is not available here.
/// </summary>
[AllowAnonymous]
public sealed class LupaKataSandiModel(MailDelivery delivery, PasswordResetRequests limits, IBackgroundJobClient jobs, PublicLinks links) : PageModel
{
    public sealed class ForgotInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [EmailAddress(ErrorMessage = "Validation_Email")]
        [StringLength(256, ErrorMessage = "Users_TooLong")]
        [Display(Name = "Login_Email")]
        public string Email { get; set; } = "";
    }

    [BindProperty] public ForgotInput Input { get; set; } = new();

    public bool Available => delivery.Enabled;
    public bool Done { get; private set; }
    public bool TooMany { get; private set; }

    public void OnGet() => Done = Request.Query["terkirim"] == "1";

    public IActionResult OnPost()
    {
        if (!Available || !ModelState.IsValid)
        {
            return Page();
        }
        if (!limits.TryAcquire(HttpContext))
        {
            TooMany = true;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        var pageLink = links.Absolute(Request, "/Account/AturUlangKataSandi")!;
        jobs.Enqueue<PasswordResetMail>(m => m.SendAsync(Input.Email.Trim(), pageLink, CancellationToken.None));
        // Post, redirect, get: the address is not kept in the page, and reloading does not ask again.
        return RedirectToPage(new { terkirim = "1" });
    }
}

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
public sealed partial class LupaKataSandiModel(MailDelivery delivery, PasswordResetRequests limits, IBackgroundJobClient jobs, PublicLinks links,
    ILogger<LupaKataSandiModel> logger) : PageModel
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
            LogTooMany(logger, limits.PermitLimit);
            return Page();
        }
        var pageLink = links.Absolute(Request, "/Account/AturUlangKataSandi")!;
        jobs.Enqueue<PasswordResetMail>(m => m.SendAsync(Input.Email.Trim(), pageLink, CancellationToken.None));
        // Post, redirect, get: the address is not kept in the page, and reloading does not ask again.
        return RedirectToPage(new { terkirim = "1" });
    }

    // Neither the typed address nor the client's: the request's correlation id (in the scope) ties the line to the 429 the visitor saw.
    [LoggerMessage(EventId = 4003, EventName = "PasswordResetRequestRefused", Level = LogLevel.Warning,
        Message = "Password-reset request refused (429): the client address sent more than {PermitLimit} in 15 minutes")]
    private static partial void LogTooMany(ILogger logger, int permitLimit);
}

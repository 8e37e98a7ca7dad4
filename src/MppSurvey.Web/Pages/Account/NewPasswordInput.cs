using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace MppSurvey.Web.Pages.Account;

/// <summary>
/// The new password and its confirmation, typed by a user who proved a mailbox: accepting an
/// invitation and resetting a forgotten password are one form, so they check it the same way.
/// </summary>
public sealed class NewPasswordInput
{
    public const int MaxPasswordLength = 128;

    [Required(ErrorMessage = "Validation_Required")]
    [DataType(DataType.Password)]
    // Identity sets no upper bound; a pasted file is not a password, and the message says the limit.
    [StringLength(MaxPasswordLength, ErrorMessage = "Users_TooLong")]
    [Display(Name = "Users_NewPassword")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Validation_Required")]
    [DataType(DataType.Password)]
    [Display(Name = "Users_ConfirmPassword")]
    public string Confirm { get; set; } = "";

    /// <summary>False, with a message beside the confirmation field, when the two differ.</summary>
    public bool ConfirmMatches(ModelStateDictionary modelState, IStringLocalizer<SharedText> text)
    {
        if (string.Equals(Password, Confirm, StringComparison.Ordinal))
        {
            return true;
        }
        modelState.AddModelError("Input.Confirm", text["Users_ConfirmDiffers"]);
        return false;
    }
}

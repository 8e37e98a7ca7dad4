using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace MppSurvey.Web.Pages.Admin.Pengguna;

/// <summary>
/// Identity describes its errors in English only; the pages show them in the user's language by
/// their stable code (resource key Users_IdentityError_{Code}), falling back to Identity's text.
/// </summary>
public static class IdentityErrorText
{
    public static string For(IdentityError error, IStringLocalizer<SharedText> text, params object[] arguments)
    {
        var translated = text["Users_IdentityError_" + error.Code, arguments];
        return translated.ResourceNotFound ? error.Description : translated.Value;
    }
}

using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MppSurvey.Web.Hosting;

namespace MppSurvey.Web.Pages;

/// <summary>The language switch: remembers the choice in a cookie and goes back to the page.</summary>
public sealed class CultureModel : PageModel
{
    public IActionResult OnGet(string? culture, string? returnUrl)
    {
        var chosen = LocalizationHosting.Cultures.FirstOrDefault(c =>
            string.Equals(c.TwoLetterISOLanguageName, culture, StringComparison.OrdinalIgnoreCase)) ?? LocalizationHosting.Cultures[0];
        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Secure = Request.IsHttps });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}

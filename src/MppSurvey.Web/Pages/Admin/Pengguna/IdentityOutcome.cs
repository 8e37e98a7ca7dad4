using Microsoft.AspNetCore.Identity;

namespace MppSurvey.Web.Pages.Admin.Pengguna;

/// <summary>
/// For Identity calls that cannot fail on input already checked (adding an existing role, setting a
/// lockout date): a failure there is a bug, so it throws and the open transaction rolls back.
/// </summary>
public static class IdentityOutcome
{
    public static void Ensure(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Code + ": " + e.Description)));
        }
    }
}

using System.Security.Claims;

namespace MppSurvey.Web.Pages.Admin;

/// <summary>How the operations log names a member of staff: by user id, never by name or e-mail (personal data).</summary>
internal static class ActorId
{
    public static string Of(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "(unknown)";
}

using System.Security.Claims;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Surveys;
using MppSurvey.Web.Reports;

namespace MppSurvey.Web.Pages.Admin.Templat;

/// <summary>
/// Who may author which template: administrators and the ministry the national ones (no owner), an
/// MPP admin only the templates their own MPP owns (from the scope claim, never from the request).
/// Anyone who may author may also read; an MPP admin may read (and copy) the published national versions.
/// </summary>
public static class TemplateAuthors
{
    public static bool MayAuthor(ClaimsPrincipal user, SurveyTemplate template) =>
        template.OwnerMallId is null
            ? user.SeesAllRegions()
            : user.IsInRole(Roles.MppAdmin) && user.ScopedMallId() == template.OwnerMallId;

    public static bool MayRead(ClaimsPrincipal user, SurveyTemplate template, SurveyTemplateVersion version) =>
        MayAuthor(user, template)
        || user.SeesAllRegions()
        || (template.OwnerMallId is null && version.IsPublished && user.IsInRole(Roles.MppAdmin));

    /// <summary>Whether the user may create a template by copying, and whose it would be (null: national).</summary>
    public static bool MayCreate(ClaimsPrincipal user, out int? owner)
    {
        owner = user.SeesAllRegions() ? null : user.ScopedMallId();
        return user.SeesAllRegions() || (user.IsInRole(Roles.MppAdmin) && owner is not null);
    }
}

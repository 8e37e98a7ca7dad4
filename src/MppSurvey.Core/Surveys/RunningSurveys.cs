using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;

namespace MppSurvey.Core.Surveys;

/// <summary>
/// The surveys of a template at one MPP whose period holds a date at the MPP (docs/method.md, Periods), newest first, with their template version. One rule for the survey page (what to
/// show) and the recorder (where a response goes), so the two never disagree.
/// </summary>
public static class RunningSurveys
{
    public static Task<List<Survey>> ForDateAsync(MppSurveyDbContext db, int mallId, string templateCode, DateOnly localDate, CancellationToken ct)
    {
        var periodCodes = PeriodCodes(localDate);
        return db.Surveys.AsNoTracking()
            .Where(x => x.MallId == mallId && periodCodes.Contains(x.PeriodCode) && x.TemplateVersion!.Template!.Code == templateCode)
            .Include(x => x.TemplateVersion).ThenInclude(v => v!.Template)
            .OrderByDescending(x => x.OpenedAt)
            .ToListAsync(ct);
    }

    /// <summary>Only the periods that can hold the date (its semester, quarter and year), not every survey the MPP ever ran.</summary>
    public static string[] PeriodCodes(DateOnly localDate) =>
        [Period.Containing(localDate, PeriodKind.Semester).Code, Period.Containing(localDate, PeriodKind.Quarter).Code, Period.Containing(localDate, PeriodKind.Year).Code];
}

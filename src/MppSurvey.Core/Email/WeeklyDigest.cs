using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Alerts;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Regions;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Surveys;
using MppSurvey.Core.Themes;

namespace MppSurvey.Core.Email;

/// <summary>
/// Who receives the weekly digest and what it says (notices). The week is Monday to Sunday on the
/// MPP's own clock (WIB, WITA or WIT), the week that ended before the job ran: the digest reports a
/// whole week, and the same week whether the job runs on Monday morning or is retried on Wednesday.
/// </summary>
public static class WeeklyDigest
{
    public const string SkmTemplate = "skm";

    /// <summary>How many masked alert texts a digest quotes; the rest are counted.</summary>
    public const int QuotedAlerts = 3;

    /// <summary>A quoted alert text is cut to this many characters: the mail points to the page, it does not replace it.</summary>
    public const int QuoteLength = 160;

    /// <summary>One recipient: the user and the MPP whose figures they get.</summary>
    public sealed record Recipient(string UserId, int MallId, string RegencyCode, IndonesianTimeZone TimeZone, bool IsMppAdmin);

    /// <summary>The Monday of the last whole week (Monday to Sunday) before <paramref name="now"/> on the MPP's clock.</summary>
    public static DateOnly ReportingWeek(DateTimeOffset now, IndonesianTimeZone zone)
    {
        var today = DateOnly.FromDateTime(MallTime.Local(now, zone).DateTime);
        var mondayThisWeek = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return mondayThisWeek.AddDays(-7);
    }

    /// <summary>
    /// The active accounts owed a digest: an MPP admin for their MPP, a regional head for their regency's
    /// MPP (never another one's), with an e-mail, a password (not an invitation still open), not
    /// disabled and not opted out. An active MPP is needed; the ministry and administrators get none.
    /// With <paramref name="userId"/>, that user only (the check just before sending).
    /// </summary>
    public static async Task<IReadOnlyList<Recipient>> RecipientsAsync(MppSurveyDbContext db, string? userId, CancellationToken ct)
    {
        var users = db.Users.Where(u => u.WeeklyDigest && u.PasswordHash != null && u.Email != null && u.Email != ""
            && (u.LockoutEnd == null || u.LockoutEnd < AccountDisabling.Until));
        if (userId is not null)
        {
            users = users.Where(u => u.Id == userId);
        }
        var rows = await (
                from u in users
                join ur in db.UserRoles on u.Id equals ur.UserId
                join r in db.Roles on ur.RoleId equals r.Id
                from m in db.Malls
                where m.IsActive
                    && ((r.Name == Roles.MppAdmin && u.MallId == m.Id) || (r.Name == Roles.RegionalHead && u.RegencyCode == m.RegencyCode))
                select new { u.Id, MallId = m.Id, m.RegencyCode, m.TimeZone, IsMppAdmin = r.Name == Roles.MppAdmin })
            .AsNoTracking()
            .ToListAsync(ct);
        // One digest per user: an account that is both (an odd set-up) gets its own MPP's, as an admin.
        return rows.GroupBy(r => r.Id)
            .Select(g => g.OrderByDescending(r => r.IsMppAdmin).ThenBy(r => r.MallId).First())
            .Select(r => new Recipient(r.Id, r.MallId, r.RegencyCode, MallTime.ZoneOrWib(r.TimeZone), r.IsMppAdmin))
            .ToList();
    }

    /// <summary>The stored index of the period so far (the index job's figures, not recomputed here).</summary>
    public sealed record StoredIndex(decimal Converted, double? CiLow, double? CiHigh, DateTimeOffset ComputedAt, int Respondents);

    /// <summary>What one digest says about one MPP and week.</summary>
    /// <param name="PeriodCode">The SKM period running in the week (the one its Sunday belongs to), null when none runs.</param>
    /// <param name="WeekResponses">SKM responses submitted in the week (Monday to Sunday, MPP clock).</param>
    /// <param name="PeriodResponses">SKM responses of the period up to the week's end.</param>
    /// <param name="Target">The Krejcie &amp; Morgan sample for the population the MPP entered, null when it entered none.</param>
    public sealed record Figures(
        string MallName,
        string RegencyCode,
        IndonesianTimeZone TimeZone,
        DateOnly WeekStart,
        string? PeriodCode,
        int WeekResponses,
        int PeriodResponses,
        int? Population,
        int? Target,
        StoredIndex? Index,
        int NewAlerts,
        IReadOnlyList<string> AlertQuotes,
        IReadOnlyList<ThemeGrowth.Change> GrownThemes)
    {
        public DateOnly WeekEnd => WeekStart.AddDays(6);
    }

    /// <summary>
    /// The figures of one MPP for the week from <paramref name="weekStart"/>. Responses are counted as the
    /// index counts them (SKM versions; bursts and straight-lining left out), up to the week's end, so a
    /// retry later in the week mails the same numbers.
    /// </summary>
    public static async Task<Figures> LoadAsync(MppSurveyDbContext db, int mallId, DateOnly weekStart, CancellationToken ct)
    {
        var mall = await db.Malls.AsNoTracking().Where(m => m.Id == mallId)
            .Select(m => new { m.Name, m.RegencyCode, m.TimeZone }).SingleAsync(ct);
        var zone = MallTime.ZoneOrWib(mall.TimeZone);
        var weekEnd = weekStart.AddDays(6);
        var from = weekStart.ToDateTime(TimeOnly.MinValue);
        var until = weekEnd.AddDays(1).ToDateTime(TimeOnly.MinValue);

        var survey = (await RunningSurveys.ForDateAsync(db, mallId, SkmTemplate, weekEnd, ct)).FirstOrDefault();
        var periodCode = survey?.PeriodCode;
        var skmVersions = await db.SurveyTemplateVersions.AsNoTracking().Where(v => v.Template!.Code == SkmTemplate).Select(v => v.Id).ToArrayAsync(ct);
        var excluded = ResponseAggregation.ExcludedByDefault;
        var counted = db.Responses.AsNoTracking().Where(r => r.MallId == mallId && skmVersions.Contains(r.TemplateVersionId)
            && (r.Flags & excluded) == 0 && r.SubmittedAtLocal < until);

        int weekResponses = 0, periodResponses = 0;
        int? population = null;
        StoredIndex? index = null;
        if (periodCode is not null)
        {
            weekResponses = await counted.CountAsync(r => r.PeriodCode == periodCode && r.SubmittedAtLocal >= from, ct);
            periodResponses = await counted.CountAsync(r => r.PeriodCode == periodCode, ct);
            // As the index job does: the largest population entered for the period's SKM surveys.
            population = await db.Surveys.AsNoTracking()
                .Where(s => s.MallId == mallId && s.PeriodCode == periodCode && s.TemplateVersion!.Template!.Code == SkmTemplate)
                .MaxAsync(s => s.Population, ct);
            index = await db.IndexResults.AsNoTracking()
                .Where(r => r.UnitKind == UnitKind.Mall && r.MallId == mallId && r.PeriodCode == periodCode && r.TemplateCode == SkmTemplate)
                .Select(r => new StoredIndex(r.Converted, r.CiLow, r.CiHigh, r.ComputedAt, r.Respondents))
                .FirstOrDefaultAsync(ct);
        }

        // Alerts are instants: the week's bounds on the MPP's clock, as instants (in UTC, as Npgsql writes them).
        var offset = TimeSpan.FromHours((int)zone);
        var alertsFrom = new DateTimeOffset(from, offset).ToUniversalTime();
        var alertsUntil = new DateTimeOffset(until, offset).ToUniversalTime();
        var alerts = db.IntegrityAlerts.AsNoTracking().Where(a => a.MallId == mallId && a.RaisedAt >= alertsFrom && a.RaisedAt < alertsUntil);
        var newAlerts = await alerts.CountAsync(ct);
        var quotes = (await alerts.Where(a => a.MaskedText != null && a.MaskedText != "")
                .OrderBy(a => a.RaisedAt).ThenBy(a => a.Id).Take(QuotedAlerts).Select(a => a.MaskedText!).ToListAsync(ct))
            .Select(Quote).ToList();

        var grown = await ThemeGrowth.GrownInWeekAsync(db, mallId, weekStart, ct);
        return new Figures(mall.Name, mall.RegencyCode, zone, weekStart, periodCode, weekResponses, periodResponses, population,
            population is int n ? (int)KrejcieMorgan.RequiredSample(n) : null, index, newAlerts, quotes, grown);
    }

    /// <summary>An alert's text as a mail may quote it: masked again (whatever stored it), on one line, cut short.</summary>
    public static string Quote(string text)
    {
        var masked = string.Join(' ', SuggestionMask.Apply(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return masked.Length <= QuoteLength ? masked : masked[..(QuoteLength - 1)].TrimEnd() + "…";
    }
}

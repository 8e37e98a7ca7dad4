using System.Text;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Themes;

/// <summary>
/// What visitors wrote about, per theme, for one MPP and period (the citizens' voice): how many
/// suggestions touch each theme, the same count for the previous period, and the three latest
/// suggestions of each theme as masked quotes. One query class read by the dashboard, the workbook's
/// theme sheet and the semester report, so the three show the same numbers and the same quotes; the
/// counts are <see cref="ThemeCounts"/>'s, as the weekly digest's are.
/// <para>
/// Every template counts (SKM, SPKP, SPAK...): a suggestion is the visitor's own words about the visit,
/// whatever questionnaire carried it, and integrity complaints come as often through SPAK as SKM. The
/// flags the index leaves out are left out here too (<see cref="ResponseAggregation.Excluded"/>), so a
/// burst of identical kiosk submissions cannot inflate a theme. The themes are those stored with each
/// response at ingest; nothing is classified here.
/// </para>
/// </summary>
public sealed class ThemeSummary(MppSurveyDbContext db)
{
    public const int QuotesPerTheme = 3;

    /// <summary>A quote longer than this is cut at a word boundary and marked with an ellipsis: a sample to read, not the record.</summary>
    public const int QuoteLength = 280;

    /// <summary>A suggestion quoted as an example: masked (<see cref="SuggestionMask"/>), whitespace collapsed, shortened.</summary>
    public sealed record Quote(DateOnly Date, string Text);

    /// <param name="Theme">The theme.</param>
    /// <param name="Count">Suggestions of the period that touch it.</param>
    /// <param name="PreviousCount">The same in the previous period.</param>
    /// <param name="Change">Count minus PreviousCount; null when the previous period has no suggestion at all (nothing to compare with).</param>
    /// <param name="Quotes">Up to three of the period's suggestions on the theme, the latest first.</param>
    public sealed record Row(SuggestionTheme Theme, int Count, int PreviousCount, int? Change, IReadOnlyList<Quote> Quotes)
    {
        /// <summary>The SKM element the theme explains (U1..U9), or null for integrity and praise.</summary>
        public string? ElementCode => SuggestionThemes.ElementCode(Theme);
    }

    /// <param name="PeriodCode">The period.</param>
    /// <param name="PreviousPeriodCode">The period of the same kind just before it.</param>
    /// <param name="Suggestions">Non-blank suggestions of the period (a suggestion may touch several themes, or none).</param>
    /// <param name="PreviousSuggestions">The same for the previous period.</param>
    /// <param name="Themes">Every theme in display order (<see cref="SuggestionThemes.All"/>), zeros included.</param>
    public sealed record Result(string PeriodCode, string PreviousPeriodCode, int Suggestions, int PreviousSuggestions, IReadOnlyList<Row> Themes)
    {
        /// <summary>The themes that explain one SKM element, in display order.</summary>
        public IEnumerable<Row> ForElement(string code) => Themes.Where(t => t.ElementCode == code);
    }

    /// <summary>Null when <paramref name="periodCode"/> is not a period code.</summary>
    /// <param name="includeFlagged">Whether the stored index of the period counted flagged responses: the themes follow it.</param>
    public async Task<Result?> LoadAsync(int mallId, string periodCode, bool includeFlagged, CancellationToken ct = default)
    {
        if (!Period.TryParse(periodCode, out var period))
        {
            return null;
        }
        var previous = period.Previous().Code;
        var excluded = ResponseAggregation.Excluded(includeFlagged);
        var now = await ThemeCounts.InPeriodAsync(db, mallId, periodCode, excluded, ct);
        var before = await ThemeCounts.InPeriodAsync(db, mallId, previous, excluded, ct);
        var bits = SuggestionThemes.All.Select(t => (int)t).ToArray();

        // The latest three per theme; ties on the visitor's clock broken by receipt, then id, so the
        // choice never changes between the dashboard, the workbook and the report of one snapshot.
        var quotes = await db.Database.SqlQuery<QuoteRow>($"""
            SELECT q."Bit", q."SubmittedAtLocal", q."Text" FROM (
                SELECT b.bit AS "Bit", r.submitted_at_local AS "SubmittedAtLocal", r.suggestion AS "Text",
                       row_number() OVER (PARTITION BY b.bit ORDER BY r.submitted_at_local DESC, r.received_at DESC, r.id) AS n
                FROM unnest({bits}) AS b(bit)
                JOIN responses r ON (r.themes & b.bit) <> 0
                WHERE r.mall_id = {mallId} AND r.period_code = {periodCode}
                  AND (r.flags & {(int)excluded}) = 0 AND r.suggestion IS NOT NULL AND btrim(r.suggestion) <> '') q
            WHERE q.n <= {QuotesPerTheme}
            ORDER BY q."Bit", q.n
            """).ToListAsync(ct);

        var quotesByBit = quotes.ToLookup(q => q.Bit);
        var rows = SuggestionThemes.All.Select(theme => new Row(theme, now[theme], before[theme],
                before.Suggestions > 0 ? now[theme] - before[theme] : null,
                quotesByBit[(int)theme].Select(q => new Quote(DateOnly.FromDateTime(q.SubmittedAtLocal), QuoteText(q.Text))).ToList()))
            .ToList();
        return new Result(period.Code, previous, now.Suggestions, before.Suggestions, rows);
    }

    /// <summary>
    /// A suggestion as it may be quoted: masked first (a cut could split a phone number or NIK so the
    /// mask no longer sees it), line breaks and runs of spaces collapsed, then cut at a word boundary
    /// to <see cref="QuoteLength"/> without splitting a surrogate pair.
    /// </summary>
    public static string QuoteText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masked = SuggestionMask.Apply(text);
        var collapsed = new StringBuilder(masked.Length);
        foreach (var ch in masked)
        {
            if (char.IsWhiteSpace(ch) || char.IsControl(ch))
            {
                if (collapsed.Length > 0 && collapsed[^1] != ' ')
                {
                    collapsed.Append(' ');
                }
            }
            else
            {
                collapsed.Append(ch);
            }
        }
        var flat = collapsed.ToString().Trim();
        if (flat.Length <= QuoteLength)
        {
            return flat;
        }
        var cut = flat.LastIndexOf(' ', QuoteLength);
        if (cut < QuoteLength * 2 / 3)
        {
            // One long word (or no spaces at all): cut inside it, but never between the halves of a surrogate pair.
            cut = char.IsLowSurrogate(flat[QuoteLength]) ? QuoteLength - 1 : QuoteLength;
        }
        return flat[..cut].TrimEnd() + "…";
    }

    private sealed record QuoteRow(int Bit, DateTime SubmittedAtLocal, string Text);
}

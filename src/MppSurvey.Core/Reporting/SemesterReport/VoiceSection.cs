using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Themes;

namespace MppSurvey.Core.Reporting.SemesterReport;

/// <summary>
/// 4.3 Suara Warga, the last section of BAB IV (the citizens' voice): every suggestion theme with its
/// count in the period and the previous one and the change, then the masked quotes of the themes visitors
/// wrote most about. The figures and quotes are the workbook's Suara Warga sheet (<see cref="ThemeSummary"/>).
/// </summary>
internal static class VoiceSection
{
    /// <summary>How many of the most mentioned themes are quoted: the table lists them all; the quotes are for the few that matter most.</summary>
    internal const int QuotedThemes = 3;

    internal static void Write(ReportDocx doc, SemesterReportData data)
    {
        var themes = data.Workbook.Themes;
        doc.Heading(ReportText.Get("Ch4_Voice"), 2);
        if (themes is null || themes.Suggestions == 0)
        {
            doc.Text(ReportText.Get("Ch4_VoiceEmpty"));
            return;
        }

        doc.Text(ReportText.Format("Ch4_VoiceText", ReportText.Count(themes.Suggestions), themes.PeriodCode,
            ReportText.Count(themes.PreviousSuggestions), themes.PreviousPeriodCode));
        doc.Table(
            [
                WorkbookText.Get("Column_Theme"), WorkbookText.Get("Column_ThemeElement"),
                WorkbookText.Format("Column_ThemeCount", themes.PeriodCode), WorkbookText.Format("Column_ThemeCount", themes.PreviousPeriodCode),
                WorkbookText.Get("Column_ThemeChange"),
            ],
            themes.Themes.Select(t => (IReadOnlyList<string>)
            [
                MallThemesSheet.Name(t.Theme), t.ElementCode ?? "–", ReportText.Count(t.Count), ReportText.Count(t.PreviousCount), Change(t.Change),
            ]),
            [6, 2, 3, 3, 3], rightAligned: new HashSet<int> { 2, 3, 4 });

        // The most mentioned first; a tie keeps the display order (elements, integrity, facilities, praise).
        var top = themes.Themes.Where(t => t.Count > 0).OrderByDescending(t => t.Count).Take(QuotedThemes).ToList();
        if (top.Count == 0)
        {
            doc.Text(ReportText.Get("Ch4_VoiceNoTheme"));
            return;
        }

        doc.Text(ReportText.Format("Ch4_VoiceQuotesText", top.Count));
        foreach (var t in top)
        {
            doc.Text(ReportText.Format("Ch4_VoiceTheme", MallThemesSheet.Name(t.Theme), ReportText.Count(t.Count)), bold: true);
            foreach (var quote in t.Quotes)
            {
                doc.Item("–", $"“{quote.Text}” ({ReportText.Date(quote.Date)})");
            }
        }
    }

    /// <summary>"+3", "−2", "0"; "–" when the previous period had no suggestion to compare with.</summary>
    private static string Change(int? change) => change switch
    {
        null => "–",
        > 0 => "+" + ReportText.Count(change.Value),
        < 0 => "−" + ReportText.Count(-change.Value),
        _ => "0",
    };
}

using ClosedXML.Excel;
using MppSurvey.Core.Themes;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// The Suara Warga sheet of <see cref="MallWorkbook"/> (the citizens' voice): per suggestion theme, the
/// element it explains, its count in the period and the previous one, the change, and the three latest
/// quotes, masked as <see cref="ThemeSummary"/> gives them (the same numbers and quotes as the dashboard).
/// </summary>
internal static class MallThemesSheet
{
    internal const int HeaderRow = 4;

    internal static void Write(IXLWorksheet sheet, ThemeSummary.Result? themes)
    {
        // Narrow enough that landscape A4 still prints the 11-point text at 8 points (WorkbookPrint).
        WorkbookCells.Widths(sheet, 5, 26, 7, 10, 10, 11, 38, 38, 38);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Themes_Title"));
        if (themes is null || themes.Suggestions == 0)
        {
            sheet.Cell(2, 1).SetText(WorkbookText.Get("Themes_Empty"));
            return;
        }

        sheet.Cell(2, 1).SetText(WorkbookText.Format("Themes_Intro", themes.Suggestions, themes.PeriodCode, themes.PreviousSuggestions, themes.PreviousPeriodCode));
        if (themes.PreviousSuggestions == 0)
        {
            sheet.Cell(3, 1).SetText(WorkbookText.Get("Themes_NoComparison"));
        }

        WorkbookCells.Header(sheet, HeaderRow, 1,
        [
            WorkbookText.Get("Column_Number"), WorkbookText.Get("Column_Theme"), WorkbookText.Get("Column_ThemeElement"),
            WorkbookText.Format("Column_ThemeCount", themes.PeriodCode), WorkbookText.Format("Column_ThemeCount", themes.PreviousPeriodCode),
            WorkbookText.Get("Column_ThemeChange"),
            .. Enumerable.Range(1, ThemeSummary.QuotesPerTheme).Select(i => WorkbookText.Format("Column_Quote", i)),
        ]);
        sheet.SheetView.FreezeRows(HeaderRow);
        for (var c = 7; c < 7 + ThemeSummary.QuotesPerTheme; c++)
        {
            sheet.Column(c).Style.Alignment.WrapText = true;
        }

        var row = HeaderRow + 1;
        foreach (var t in themes.Themes)
        {
            sheet.Cell(row, 1).SetValue(row - HeaderRow);
            sheet.Cell(row, 2).SetText(Name(t.Theme));
            sheet.Cell(row, 3).SetText(t.ElementCode ?? "–");
            sheet.Cell(row, 4).SetCount(t.Count);
            sheet.Cell(row, 5).SetCount(t.PreviousCount);
            if (t.Change is int change)
            {
                sheet.Cell(row, 6).SetNumber(change, "+#,##0;-#,##0;0");
            }
            for (var q = 0; q < t.Quotes.Count; q++)
            {
                // Visitor text: always an inert string cell (WorkbookCells.SetText), already masked.
                sheet.Cell(row, 7 + q).SetText(t.Quotes[q].Text);
            }
            sheet.Row(row).Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
            row++;
        }
        sheet.Range(HeaderRow, 1, row - 1, 6 + ThemeSummary.QuotesPerTheme).SetAutoFilter();
    }

    /// <summary>A theme's Indonesian name, shared with the semester report.</summary>
    internal static string Name(SuggestionTheme theme) => ThemeNames.Indonesian(theme);
}

using ClosedXML.Excel;
using MppSurvey.Core.Themes;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// The Saran sheet of <see cref="MallWorkbook"/>: the visitors' suggestions, as they typed them except for
/// what could identify a person (<see cref="SuggestionMask"/>, as on the dashboard): the workbook travels
/// by e-mail and on USB sticks, further than the dashboard.
/// </summary>
internal static class MallSuggestionsSheet
{
    internal static void Write(IXLWorksheet sheet, IReadOnlyList<SuggestionRow> suggestions)
    {
        WorkbookCells.Widths(sheet, 6, 12, 32, 90);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Suggestions_Title"));
        const int header = 3;
        WorkbookCells.Header(sheet, header, 1, [WorkbookText.Get("Column_Number"), WorkbookText.Get("Column_Date"), WorkbookText.Get("Column_Service"), WorkbookText.Get("Column_Suggestion")]);
        sheet.SheetView.FreezeRows(header);

        // Column styles, set before the cells exist, are inherited by them: far cheaper than a style per cell.
        sheet.Column(2).Style.NumberFormat.Format = WorkbookCells.DateFormat;
        sheet.Column(4).Style.Alignment.WrapText = true;

        var row = header + 1;
        foreach (var suggestion in suggestions)
        {
            sheet.Cell(row, 1).SetValue(row - header);
            sheet.Cell(row, 2).SetValue(suggestion.Date.ToDateTime(TimeOnly.MinValue));
            sheet.Cell(row, 3).SetText(suggestion.ServiceName);
            // Visitor text: masked, and always an inert string cell (WorkbookCells.SetText).
            sheet.Cell(row, 4).SetText(SuggestionMask.Apply(suggestion.Text));
            row++;
        }

        if (suggestions.Count == 0)
        {
            sheet.Cell(row, 1).SetText(WorkbookText.Get("Suggestions_Empty"));
        }
        else
        {
            sheet.Range(header, 1, row - 1, 4).SetAutoFilter();
        }
    }
}

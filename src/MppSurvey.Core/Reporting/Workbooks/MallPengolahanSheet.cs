using System.Globalization;
using ClosedXML.Excel;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// The Pengolahan Data sheet of <see cref="MallWorkbook"/> without its respondent rows, which
/// <see cref="RespondentRowsWriter"/> inserts into the saved package afterwards.
/// </summary>
internal static class MallPengolahanSheet
{
    private static readonly CultureInfo Indonesian = ScoringText.Indonesian;

    /// <summary>
    /// The tabel pengolahan data (skm-method.md §5) in <see cref="PengolahanLayout"/>, so that
    /// <see cref="ScoreFile.ReadXlsx"/> reads it back: header "No. Responden", U1..U9 from column A of
    /// <see cref="MallWorkbook.PengolahanHeaderRow"/>, one row per respondent, then the summary rows whose first cell is
    /// text (where the reader stops). The summary rows hold numbers computed by the scoring engine, not
    /// formulas: a reader that does not evaluate formulas (ClosedXML, some viewers) would show nothing.
    /// </summary>
    internal static void Write(IXLWorksheet sheet, MallWorkbookData data, SkmIndex? index)
    {
        var codes = PengolahanLayout.ElementHeaders;
        WorkbookCells.Widths(sheet, [32, .. Enumerable.Repeat(9.0, codes.Count), 11]);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Pengolahan_Title"));
        sheet.Cell(2, 1).SetText(WorkbookText.Format("Pengolahan_Unit", data.MallName));
        sheet.Cell(3, 1).SetText(WorkbookText.Format("Pengolahan_Period", data.PeriodCode));

        var header = MallWorkbook.PengolahanHeaderRow;
        WorkbookCells.Header(sheet, header, 1, [PengolahanLayout.NumberHeader, .. codes, WorkbookText.Get("Pengolahan_Total")]);
        sheet.Range(header, 2, header, codes.Count + 2).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Right; // above their numbers
        sheet.SheetView.FreezeRows(header);

        // The respondent rows go between the header and the summary; RespondentRowsWriter writes them into
        // the saved sheet, far faster than 100,000 ClosedXML cells would be.
        var row = header + 1 + data.Respondents.Count;
        var summaryTop = row;
        var last = codes.Count + 2;
        sheet.Cell(row, 1).SetText(PengolahanLayout.SumRowLabel);
        sheet.Cell(row + 1, 1).SetText(WorkbookText.Get("Pengolahan_AnsweredRow"));
        sheet.Cell(row + 2, 1).SetText(PengolahanLayout.NrrRowLabel);
        sheet.Cell(row + 3, 1).SetText(PengolahanLayout.WeightedNrrRowLabel);
        sheet.Cell(row + 4, 1).SetText(PengolahanLayout.IndexRowLabel);
        sheet.Cell(row + 5, 1).SetText(WorkbookText.Get("Summary_Grade"));
        if (index is not null)
        {
            for (var i = 0; i < codes.Count; i++)
            {
                var element = index.Elements[i];
                sheet.Cell(row, i + 2).SetCount(element.Sum);
                sheet.Cell(row + 1, i + 2).SetCount(element.Answered);
                sheet.Cell(row + 2, i + 2).SetNumberOrBlank(element.Nrr, WorkbookCells.NrrFormat);
                sheet.Cell(row + 3, i + 2).SetNumberOrBlank(element.WeightedNrr, WorkbookCells.FineFormat);
            }

            sheet.Cell(row, last).SetCount(index.Elements.Sum(e => e.Sum));
            // The sum of the weighted NRRs is the IKM (§2 step 3).
            sheet.Cell(row + 3, last).SetNumber(index.Ikm, WorkbookCells.FineFormat);
            // Decision: the rounded IKM konversi (88.61), the published and graded figure (§2 step 5), so
            // that the cell value, its display and its grade can never disagree.
            sheet.Cell(row + 4, 2).SetNumber(index.ConvertedRounded, WorkbookCells.IndexFormat).Style.Font.Bold = true;
            sheet.Cell(row + 5, 2).SetText(index.Grade.ToString());
            sheet.Cell(row + 5, 3).SetText(WorkbookCells.GradeLabel(index.Grade));
        }
        else
        {
            sheet.Cell(row + 4, 2).SetText(WorkbookText.Get("NoAnswers"));
        }

        sheet.Range(summaryTop, 1, summaryTop + 5, 1).Style.Font.Bold = true;
        sheet.Range(summaryTop, 1, summaryTop + 5, last).Style.Fill.BackgroundColor = XLColor.FromArgb(0xF2, 0xF2, 0xF2);

        row = summaryTop + 7;
        sheet.Cell(row++, 1).SetText(WorkbookText.Get("Legend_Title")).Style.Font.Bold = true;
        foreach (var code in codes)
        {
            sheet.Cell(row, 1).SetText(code);
            sheet.Cell(row++, 2).SetText(ScoringText.ElementName(code, Indonesian));
        }

        row++;
        sheet.Cell(row++, 1).SetText(WorkbookText.Get("Note_NrrFormula"));
        sheet.Cell(row++, 1).SetText(WorkbookText.Get("Note_IndexFormula"));
        row = MallWorkbook.WriteNotes(sheet, row);
        WorkbookIndex.WriteGradeTable(sheet, row + 1);
    }
}

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
    /// The tabel pengolahan data (PermenPANRB 14/2017; docs/method.md, The index) in <see cref="PengolahanLayout"/>, so that
    /// <see cref="ScoreFile.ReadXlsx"/> reads it back: header "No. Responden", U1..U9 from column A of
    /// <see cref="MallWorkbook.PengolahanHeaderRow"/>, one row per respondent, then the summary rows whose first cell is
    /// text (where the reader stops). The summary rows are formulas that recompute the index from the rows
    /// above, each saved with the value the scoring engine computed (<see cref="PengolahanFormulas"/>): an
    /// auditor can change an answer and see the index move, and a viewer that does not evaluate formulas
    /// still shows the right figures. Returns those formulas by cell reference for the writer of the package.
    /// </summary>
    internal static IReadOnlyDictionary<string, CachedFormula> Write(IXLWorksheet sheet, MallWorkbookData data, SkmIndex? index)
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
        var formulas = new Dictionary<string, CachedFormula>(StringComparer.Ordinal);
        if (index is not null)
        {
            // Formulas with their cached values (PengolahanFormulas); RespondentRowsWriter puts the engine's
            // values into the saved cells, and the per-row Jumlah into each respondent row.
            foreach (var (reference, formula) in PengolahanFormulas.Summary(header + 1, row, index))
            {
                var cell = sheet.Cell(reference);
                cell.FormulaA1 = formula.Formula;
                formulas[reference] = formula;
                var summaryLine = cell.Address.RowNumber - row;
                cell.Style.NumberFormat.Format = summaryLine switch
                {
                    0 or 1 => WorkbookCells.CountFormat,
                    2 => WorkbookCells.NrrFormat,
                    3 => WorkbookCells.FineFormat,
                    _ => WorkbookCells.IndexFormat,
                };
            }

            // Decision: the rounded IKM konversi (88.61), the published and graded figure (§2 step 5), so
            // that the cell value, its display and its grade can never disagree.
            sheet.Cell(row + 4, 2).Style.Font.Bold = true;
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
        row = MallWorkbook.WriteNotes(sheet, row, WorkbookText.Get("Note_Formulas"));
        WorkbookIndex.WriteGradeTable(sheet, row + 1);
        return formulas;
    }
}

using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// The regional head's workbook for one MPP and one period: Ringkasan, Pengolahan Data (the
/// official tabel pengolahan data of PermenPANRB 14/2017), Per Unsur, Per Layanan, Tren (with a native line
/// chart), Profil Responden, Saran, Tindak Lanjut and Suara Warga. A pure writer: no database, no clock. This class
/// orders the sheets and post-processes the saved package; each sheet is written by its own Mall*Sheet
/// class, so that no one file has to hold the whole workbook.
/// </summary>
public static class MallWorkbook
{
    /// <summary>Row of the Pengolahan Data header (U1..U9): a title block sits above it.</summary>
    internal const int PengolahanHeaderRow = 5;

    /// <summary>Row of the Tren table's header; the periods follow it.</summary>
    internal const int TrendHeaderRow = 4;

    /// <summary>Writes the workbook as .xlsx to <paramref name="output"/> (which need not be seekable).</summary>
    /// <exception cref="ArgumentException">The respondent rows are malformed or do not add up to the tallies.</exception>
    public static void Write(MallWorkbookData data, Stream output)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(output);
        var index = WorkbookIndex.Of(data.Tallies);
        CheckRespondents(data.Respondents, index);

        using var buffer = new MemoryStream();
        IReadOnlyDictionary<string, CachedFormula> formulas;
        using (var workbook = new XLWorkbook())
        {
            // One class per sheet; the order of these calls is the sheet order of the workbook.
            MallSummarySheet.Write(workbook.AddWorksheet(WorkbookText.Get("Sheet_Summary")), data, index);
            formulas = MallPengolahanSheet.Write(workbook.AddWorksheet(PengolahanLayout.SheetName), data, index);
            MallElementsSheet.Write(workbook.AddWorksheet(WorkbookText.Get("Sheet_Elements")), index);
            MallServicesSheet.Write(workbook.AddWorksheet(WorkbookText.Get("Sheet_Services")), data.Agencies);
            MallTrendSheet.Write(workbook.AddWorksheet(WorkbookText.Get("Sheet_Trend")), data.Trend);
            MallProfileSheet.Write(workbook.AddWorksheet(WorkbookText.Get("Sheet_Profile")), data.Profile);
            MallSuggestionsSheet.Write(workbook.AddWorksheet(WorkbookText.Get("Sheet_Suggestions")), data.Suggestions);
            MallFollowUpSheet.Write(workbook.AddWorksheet(WorkbookText.Get("Sheet_FollowUp")), data.FollowUps, index);
            MallThemesSheet.Write(workbook.AddWorksheet(WorkbookText.Get("Sheet_Themes")), data.Themes);

            // Print setup, the same order: each sheet's table header repeats on every page (the title row
            // on Ringkasan and Profil Responden, whose several small tables have no one header). A sheet too wide
            // for 8 points repeats its naming columns (agency and service; element code and name) at the left.
            int[] headerRows = [1, PengolahanHeaderRow, 3, 4, TrendHeaderRow, 1, 3, 4, MallThemesSheet.HeaderRow];
            int[] namingColumns = [1, 1, 2, 2, 1, 1, 1, 2, 2];
            for (var i = 0; i < headerRows.Length; i++)
            {
                WorkbookPrint.Apply(workbook.Worksheet(i + 1), headerRows[i], data.MallName, data.PeriodCode, namingColumns[i]);
            }
            MallPerceptionSheet.Write(workbook, data);

            workbook.SaveAs(buffer, new SaveOptions { ValidatePackage = false, EvaluateFormulasBeforeSaving = false, GenerateCalculationChain = false });
        }

        // What ClosedXML 0.95.4 cannot do, or not fast enough, is added to the saved package: the
        // respondent rows and the formulas' cached values (RespondentRowsWriter), a native chart (TrendChart)
        // and absolute print titles.
        using (var document = SpreadsheetDocument.Open(buffer, isEditable: true))
        {
            RespondentRowsWriter.InsertInto(WorksheetPart(document, PengolahanLayout.SheetName), PengolahanHeaderRow + 1, data.Respondents, formulas);
            if (data.Trend.Count > 0)
            {
                TrendChart.AddTo(WorksheetPart(document, WorkbookText.Get("Sheet_Trend")), WorkbookText.Get("Sheet_Trend"), TrendHeaderRow, data.Trend);
            }

            WorkbookPrint.MakePrintTitlesAbsolute(document);
        }

        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    internal static WorksheetPart WorksheetPart(SpreadsheetDocument document, string sheetName)
    {
        var workbookPart = document.WorkbookPart ?? throw new InvalidOperationException("The package has no workbook part.");
        var sheet = workbookPart.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault(s => s.Name?.Value == sheetName)
            ?? throw new InvalidOperationException($"The workbook has no sheet '{sheetName}'.");
        return (WorksheetPart)workbookPart.GetPartById(sheet.Id!.Value!);
    }

    /// <summary>
    /// The table's rows must be valid answers and add up to the tallies the index comes from; otherwise the
    /// sheet would show sums that its own rows contradict, or an import of it would give another index.
    /// </summary>
    private static void CheckRespondents(IReadOnlyList<RespondentRow> respondents, SkmIndex? index)
    {
        var codes = SkmElements.Codes;
        var answered = new long[codes.Count];
        var sums = new long[codes.Count];
        foreach (var row in respondents)
        {
            if (row.Number < 1)
            {
                // ScoreFile stops reading at the first row whose number is not a positive integer.
                throw new ArgumentException($"Respondent number {row.Number} is not a positive integer.", nameof(respondents));
            }

            if (row.Answers is null || row.Answers.Length != codes.Count)
            {
                throw new ArgumentException($"Respondent {row.Number} has {row.Answers?.Length ?? 0} answers, not {codes.Count} (U1..U9).", nameof(respondents));
            }

            for (var i = 0; i < codes.Count; i++)
            {
                if (row.Answers[i] is not { } answer)
                {
                    continue;
                }

                if (!ScoreScale.Skm.Contains(answer))
                {
                    throw new ArgumentException($"Respondent {row.Number}, {codes[i]}: answer {answer} outside 1-4.", nameof(respondents));
                }

                answered[i]++;
                sums[i] += answer;
            }
        }

        for (var i = 0; i < codes.Count; i++)
        {
            var expected = index?.Elements[i];
            if (answered[i] != (expected?.Answered ?? 0) || sums[i] != (expected?.Sum ?? 0))
            {
                throw new ArgumentException(
                    $"{codes[i]}: the respondent rows give {sums[i]} from {answered[i]} answers, the tallies {expected?.Sum ?? 0} from {expected?.Answered ?? 0}.",
                    nameof(respondents));
            }
        }
    }

    /// <summary>The notes every export carries (pooling and the exact weight, §2 decisions), plus any extra ones.</summary>
    internal static int WriteNotes(IXLWorksheet sheet, int row, params string[] extra)
    {
        sheet.Cell(row++, 1).SetText(WorkbookText.Get("Notes_Title")).Style.Font.Bold = true;
        foreach (var note in new[] { WorkbookText.PoolingNote, WorkbookText.WeightNote }.Concat(extra))
        {
            sheet.Cell(row++, 1).SetText(note);
        }

        return row;
    }
}

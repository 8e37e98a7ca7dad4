using System.Globalization;
using ClosedXML.Excel;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// The Ringkasan sheet of <see cref="MallWorkbook"/>: the MPP, its period, sample, IKM konversi with
/// grade and interval, the change against the previous period and the lowest elements. Its own class so
/// that each sheet of the regional head's workbook can be read and changed on its own.
/// </summary>
internal static class MallSummarySheet
{
    private static readonly CultureInfo Indonesian = ScoringText.Indonesian;

    internal static void Write(IXLWorksheet sheet, MallWorkbookData data, SkmIndex? index)
    {
        WorkbookCells.Widths(sheet, 50, 34, 14, 14, 14);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Summary_Title"));
        sheet.Cell(2, 1).SetText(WorkbookText.Get("Summary_Basis"));
        if (data.Snapshot is { } snapshot)
        {
            sheet.Cell(3, 1).SetText(WorkbookText.Format(snapshot.Provisional ? "Summary_ComputedAtProvisional" : "Summary_ComputedAt", snapshot.ComputedAt));
        }

        var row = 4;
        row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_Mall"), data.MallName);
        row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_Regency"), data.RegencyName);
        row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_Province"), data.ProvinceName);
        row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_Period"), data.PeriodCode);

        sheet.Cell(row, 1).SetText(WorkbookText.Get("Summary_Respondents"));
        sheet.Cell(row++, 2).SetCount(data.Respondents.Count);
        sheet.Cell(row, 1).SetText(WorkbookText.Get("Summary_SampleTarget"));
        if (data.SampleTarget is { } target)
        {
            sheet.Cell(row++, 2).SetCount(target);
            row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_SampleStatus"), WorkbookIndex.SampleStatus(data.Respondents.Count, target));
        }
        else
        {
            sheet.Cell(row++, 2).SetText(WorkbookText.Get("Summary_NoTarget"));
        }

        if (index is null)
        {
            row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_Converted"), WorkbookText.Get("NoAnswers"));
        }
        else
        {
            sheet.Cell(row, 1).SetText(WorkbookText.Get("Summary_Ikm"));
            sheet.Cell(row++, 2).SetNumber(index.Ikm, WorkbookCells.FineFormat);
            sheet.Cell(row, 1).SetText(WorkbookText.Get("Summary_Converted"));
            // The rounded value (§2 step 5) is the published figure and the one graded: a cell holding the
            // unrounded value could display differently from its grade in a viewer that rounds binary doubles.
            sheet.Cell(row, 2).SetNumber(index.ConvertedRounded, WorkbookCells.IndexFormat).Style.Font.Bold = true;
            row++;
            row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_Grade"), index.Grade.ToString());
            row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_Performance"), WorkbookCells.GradeLabel(index.Grade));
        }

        sheet.Cell(row, 1).SetText(WorkbookText.Get("Summary_Ci"));
        if (data.ConfidenceInterval is { } ci)
        {
            sheet.Cell(row, 2).SetNumber(ci.Low, WorkbookCells.IndexFormat);
            sheet.Cell(row, 3).SetNumber(ci.High, WorkbookCells.IndexFormat);
        }
        else
        {
            sheet.Cell(row, 2).SetText(WorkbookText.Get("Summary_CiUndefined"));
        }

        row++;
        if (data.Change is { } change)
        {
            row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_PreviousPeriod"), change.PreviousPeriodCode);
            var previous = Grading.Round(change.PreviousConverted);
            sheet.Cell(row, 1).SetText(WorkbookText.Get("Summary_PreviousConverted"));
            sheet.Cell(row++, 2).SetNumber(previous, WorkbookCells.IndexFormat);
            if (index is not null)
            {
                sheet.Cell(row, 1).SetText(WorkbookText.Get("Summary_Change"));
                sheet.Cell(row++, 2).SetNumber(index.ConvertedRounded - previous, WorkbookCells.ChangeFormat);
            }

            row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_Verdict"), ScoringText.Label(change.Verdict, Indonesian));
            sheet.Cell(row, 1).SetText(WorkbookText.Get("Summary_PValue"));
            sheet.Cell(row++, 2).SetNumberOrBlank(change.PValue, WorkbookCells.PValueFormat);
        }
        else
        {
            row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_PreviousPeriod"), WorkbookText.Get("Summary_NoPrevious"));
        }

        row++;
        if (index is not null)
        {
            sheet.Cell(row++, 1).SetText(WorkbookText.Get("Summary_Lowest")).Style.Font.Bold = true;
            WorkbookCells.Header(sheet, row++, 1, [WorkbookText.Get("Column_Element"), WorkbookText.Get("Column_Nrr"), WorkbookText.Get("Column_NrrConverted"), WorkbookText.Get("Column_Grade")]);
            foreach (var code in index.Lowest)
            {
                var element = index.Elements.First(e => e.Code == code);
                sheet.Cell(row, 1).SetText(code + " " + ScoringText.ElementName(code, Indonesian));
                sheet.Cell(row, 2).SetNumberOrBlank(element.Nrr, WorkbookCells.NrrFormat);
                sheet.Cell(row, 3).SetNumberOrBlank(element.ConvertedRounded, WorkbookCells.IndexFormat);
                sheet.Cell(row, 4).SetText(element.Grade?.ToString());
                row++;
            }

            row++;
            if (!index.IsComplete)
            {
                sheet.Cell(row++, 1).SetText(WorkbookText.Format("Note_Unanswered", string.Join(", ", index.UnansweredElements)));
            }
        }

        // Notes are not wrapped: wrapped rows keep their stored height in most viewers and overlap; a long
        // line simply runs on over the empty cells to its right.
        MallWorkbook.WriteNotes(sheet, row, WorkbookText.Get("Note_Ci"), WorkbookText.Get("Note_Verdict"), WorkbookText.Get("Note_Method"));
    }
}

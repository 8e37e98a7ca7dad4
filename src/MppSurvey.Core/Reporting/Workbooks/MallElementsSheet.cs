using System.Globalization;
using ClosedXML.Excel;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// The Per Unsur sheet of <see cref="MallWorkbook"/>: each element's tally, NRR, weighted NRR,
/// konversi, grade and rank among the lowest, then the index row.
/// </summary>
internal static class MallElementsSheet
{
    private static readonly CultureInfo Indonesian = ScoringText.Indonesian;

    internal static void Write(IXLWorksheet sheet, SkmIndex? index)
    {
        WorkbookCells.Widths(sheet, 8, 40, 13, 12, 10, 14, 11, 8, 14, 14);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Elements_Title"));
        const int header = 3;
        WorkbookCells.Header(sheet, header, 1,
        [
            WorkbookText.Get("Column_Code"), WorkbookText.Get("Column_Element"), WorkbookText.Get("Column_Answered"),
            WorkbookText.Get("Column_Sum"), WorkbookText.Get("Column_Nrr"), WorkbookText.Get("Column_Weighted"),
            WorkbookText.Get("Column_NrrConverted"), WorkbookText.Get("Column_Grade"), WorkbookText.Get("Column_Performance"),
            WorkbookText.Get("Column_LowestRank"),
        ]);

        var row = header + 1;
        if (index is null)
        {
            sheet.Cell(row, 1).SetText(WorkbookText.Get("NoAnswers"));
            MallWorkbook.WriteNotes(sheet, row + 2);
            return;
        }

        foreach (var element in index.Elements)
        {
            sheet.Cell(row, 1).SetText(element.Code);
            sheet.Cell(row, 2).SetText(ScoringText.ElementName(element.Code, Indonesian));
            sheet.Cell(row, 3).SetCount(element.Answered);
            sheet.Cell(row, 4).SetCount(element.Sum);
            sheet.Cell(row, 5).SetNumberOrBlank(element.Nrr, WorkbookCells.NrrFormat);
            sheet.Cell(row, 6).SetNumberOrBlank(element.WeightedNrr, WorkbookCells.FineFormat);
            sheet.Cell(row, 7).SetNumberOrBlank(element.ConvertedRounded, WorkbookCells.IndexFormat);
            sheet.Cell(row, 8).SetText(element.Grade?.ToString());
            sheet.Cell(row, 9).SetText(element.Grade is { } grade ? WorkbookCells.GradeLabel(grade) : WorkbookText.Get("NoAnswers"));
            var rank = index.Lowest.ToList().IndexOf(element.Code);
            if (rank >= 0)
            {
                sheet.Cell(row, 10).SetNumber(rank + 1, WorkbookCells.WholeFormat);
            }

            row++;
        }

        sheet.Cell(row, 2).SetText(WorkbookText.Get("Elements_IndexRow"));
        sheet.Cell(row, 6).SetNumber(index.Ikm, WorkbookCells.FineFormat);
        sheet.Cell(row, 7).SetNumber(index.ConvertedRounded, WorkbookCells.IndexFormat);
        sheet.Cell(row, 8).SetText(index.Grade.ToString());
        sheet.Cell(row, 9).SetText(WorkbookCells.GradeLabel(index.Grade));
        sheet.Range(row, 1, row, 10).Style.Font.Bold = true;
        MallWorkbook.WriteNotes(sheet, row + 2, WorkbookText.Get("Note_LowestRank"));
    }
}

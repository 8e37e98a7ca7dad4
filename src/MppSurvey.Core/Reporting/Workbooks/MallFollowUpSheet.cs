using System.Globalization;
using ClosedXML.Excel;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// The Tindak Lanjut sheet of <see cref="MallWorkbook"/>: the follow-up plan beside each element's
/// konversi and rank among the lowest.
/// </summary>
internal static class MallFollowUpSheet
{
    private static readonly CultureInfo Indonesian = ScoringText.Indonesian;

    internal static void Write(IXLWorksheet sheet, IReadOnlyList<FollowUpRow> followUps, SkmIndex? index)
    {
        WorkbookCells.Widths(sheet, 8, 30, 12, 12, 50, 16, 24, 16, 40);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("FollowUp_Title"));
        sheet.Cell(2, 1).SetText(WorkbookText.Get("FollowUp_Note"));
        const int header = 4;
        WorkbookCells.Header(sheet, header, 1,
        [
            WorkbookText.Get("Column_Code"), WorkbookText.Get("Column_Element"), WorkbookText.Get("Column_NrrConverted"),
            WorkbookText.Get("Column_LowestRank"), WorkbookText.Get("Column_Action"), WorkbookText.Get("Column_Timeline"),
            WorkbookText.Get("Column_PersonInCharge"), WorkbookText.Get("Column_Status"), WorkbookText.Get("Column_Evidence"),
        ]);
        sheet.Columns(5, 9).Style.Alignment.WrapText = true;

        var row = header + 1;
        foreach (var followUp in followUps)
        {
            var element = index?.Elements.FirstOrDefault(e => e.Code == followUp.ElementCode);
            sheet.Cell(row, 1).SetText(followUp.ElementCode);
            sheet.Cell(row, 2).SetText(ScoringText.ElementName(followUp.ElementCode, Indonesian));
            sheet.Cell(row, 3).SetNumberOrBlank(element?.ConvertedRounded, WorkbookCells.IndexFormat);
            var rank = index?.Lowest.ToList().IndexOf(followUp.ElementCode) ?? -1;
            if (rank >= 0)
            {
                sheet.Cell(row, 4).SetNumber(rank + 1, WorkbookCells.WholeFormat);
            }

            sheet.Cell(row, 5).SetText(followUp.Action);
            sheet.Cell(row, 6).SetText(followUp.Timeline);
            sheet.Cell(row, 7).SetText(followUp.PersonInCharge);
            sheet.Cell(row, 8).SetText(followUp.Status);
            sheet.Cell(row, 9).SetText(followUp.EvidenceNote);
            row++;
        }

        if (followUps.Count == 0)
        {
            sheet.Cell(row, 1).SetText(WorkbookText.Get("FollowUp_Empty"));
        }
    }
}

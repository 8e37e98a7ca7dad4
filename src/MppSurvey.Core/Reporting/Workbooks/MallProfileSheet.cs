using ClosedXML.Excel;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// The Profil Responden sheet of <see cref="MallWorkbook"/>: counts and shares per profile question.
/// </summary>
internal static class MallProfileSheet
{
    internal static void Write(IXLWorksheet sheet, RespondentProfile profile)
    {
        WorkbookCells.Widths(sheet, 30, 12, 12);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Profile_Title"));
        var row = 3;
        foreach (var (key, counts) in new[]
                 {
                     ("Profile_Gender", profile.Gender), ("Profile_Age", profile.AgeBands),
                     ("Profile_Education", profile.Education), ("Profile_Occupation", profile.Occupation),
                 })
        {
            sheet.Cell(row++, 1).SetText(WorkbookText.Get(key)).Style.Font.Bold = true;
            WorkbookCells.Header(sheet, row++, 1, [WorkbookText.Get("Column_Category"), WorkbookText.Get("Column_Count"), WorkbookText.Get("Column_Share")]);
            var total = counts.Sum(c => c.Count);
            foreach (var count in counts)
            {
                sheet.Cell(row, 1).SetText(count.Label);
                sheet.Cell(row, 2).SetCount(count.Count);
                if (total > 0)
                {
                    sheet.Cell(row, 3).SetNumber((double)count.Count / total, WorkbookCells.PercentFormat);
                }

                row++;
            }

            sheet.Cell(row, 1).SetText(WorkbookText.Get("Profile_Total")).Style.Font.Bold = true;
            sheet.Cell(row, 2).SetCount(total).Style.Font.Bold = true;
            row += 2;
        }
    }
}

using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// The SPKP SPAK sheet of <see cref="MallWorkbook"/> (docs/method.md, Other templates (SPKP, SPAK)):
/// per template, the trend of its index on the survey's own scale (first) and rescaled to 0-100, the
/// 95% interval on both, the change since the previous period, then the indicator means weakest
/// first. Written only for an MPP that ran SPKP or SPAK, so an SKM-only workbook keeps its sheets.
/// </summary>
internal static class MallPerceptionSheet
{
    /// <summary>Row of the first template's name; its trend header follows it.</summary>
    internal const int FirstBlockRow = 4;

    internal static void Write(ClosedXML.Excel.XLWorkbook workbook, MallWorkbookData data)
    {
        if (data.Perception.Count == 0)
        {
            return;
        }
        var sheet = workbook.AddWorksheet(WorkbookText.Get("Sheet_Perception"));
        WorkbookCells.Widths(sheet, 30, 12, 12, 12, 12, 12, 12, 12, 11, 24);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Perception_Title"));
        sheet.Cell(2, 1).SetText(WorkbookText.Get("Perception_Note"));
        var row = FirstBlockRow;
        foreach (var t in data.Perception)
        {
            sheet.Cell(row++, 1).SetText($"{t.Name} ({t.Code.ToUpperInvariant()})").Style.Font.Bold = true;
            WorkbookCells.Header(sheet, row++, 1,
            [
                WorkbookText.Get("Column_Period"), WorkbookText.Format("Perception_Index", t.ScaleMax), WorkbookText.Get("Perception_Rescaled"),
                WorkbookText.Get("Perception_CiLow"), WorkbookText.Get("Perception_CiHigh"),
                WorkbookText.Get("Perception_CiLow") + " (0–100)", WorkbookText.Get("Perception_CiHigh") + " (0–100)",
                WorkbookText.Get("Column_Respondents"), WorkbookText.Get("Perception_Change"), WorkbookText.Get("Column_ChangeVerdict"),
            ]);
            foreach (var f in t.Trend)
            {
                sheet.Cell(row, 1).SetText(f.PeriodCode);
                sheet.Cell(row, 2).SetNumber(f.Index, WorkbookCells.IndexFormat);
                sheet.Cell(row, 3).SetNumber(f.Rescaled, WorkbookCells.IndexFormat);
                sheet.Cell(row, 4).SetNumberOrBlank(f.CiLow, WorkbookCells.IndexFormat);
                sheet.Cell(row, 5).SetNumberOrBlank(f.CiHigh, WorkbookCells.IndexFormat);
                sheet.Cell(row, 6).SetNumberOrBlank(f.CiLow100, WorkbookCells.IndexFormat);
                sheet.Cell(row, 7).SetNumberOrBlank(f.CiHigh100, WorkbookCells.IndexFormat);
                sheet.Cell(row, 8).SetCount(f.Respondents);
                sheet.Cell(row, 9).SetNumberOrBlank(f.Change, WorkbookCells.ChangeFormat);
                sheet.Cell(row, 10).SetText(f.Change is not null && Enum.TryParse<ChangeVerdict>(f.ChangeVerdict, out var v) ? ScoringText.Label(v, ScoringText.Indonesian) : "");
                row++;
            }
            row++;
            sheet.Cell(row++, 1).SetText(WorkbookText.Get("Perception_Indicators")).Style.Font.Bold = true;
            WorkbookCells.Header(sheet, row++, 1,
                [WorkbookText.Get("Perception_Indicator"), WorkbookText.Get("Perception_Mean"), WorkbookText.Get("Perception_Answered")]);
            foreach (var i in t.Indicators)
            {
                sheet.Cell(row, 1).SetText($"{i.Code} {i.Title}");
                sheet.Cell(row, 2).SetNumberOrBlank(i.Mean, WorkbookCells.IndexFormat);
                sheet.Cell(row, 3).SetCount(i.Answered);
                row++;
            }
            row++;
        }
        WorkbookPrint.Apply(sheet, FirstBlockRow + 1, data.MallName, data.PeriodCode);
    }
}

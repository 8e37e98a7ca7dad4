using ClosedXML.Excel;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>One MPP's SPKP/SPAK figures in the national workbook, by template code (absent: not run that period).</summary>
public sealed record NationalPerceptionRow(string ProvinceName, string RegencyCode, string MallName, IReadOnlyDictionary<string, OtherIndices.Figure> Figures);

/// <summary>The SPKP/SPAK comparison of every MPP: the templates shown, their scales, and one row per MPP that ran either.</summary>
public sealed record NationalPerception(IReadOnlyList<string> Templates, IReadOnlyDictionary<string, (int Min, int Max)> Scales, IReadOnlyList<NationalPerceptionRow> Rows);

/// <summary>
/// The SPKP SPAK sheet of <see cref="NationalWorkbook"/> (docs/method.md, Other templates (SPKP,
/// SPAK)): per MPP, each template's index on its scale, the 0-100 rescale, the 95% interval on the
/// scale and the respondents, as the ministry's page lists them. Written only when some MPP ran them.
/// </summary>
internal static class NationalPerceptionSheet
{
    internal const int HeaderRow = 5;

    internal static void Write(XLWorkbook workbook, string periodCode, NationalPerception? perception)
    {
        if (perception is null || perception.Templates.Count == 0)
        {
            return;
        }
        var sheet = workbook.AddWorksheet(WorkbookText.Get("Sheet_Perception"));
        WorkbookCells.Widths(sheet, [24, 11, 32, .. perception.Templates.SelectMany(_ => new double[] { 12, 11, 12, 12, 11 })]);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Perception_Title") + " " + periodCode);
        sheet.Cell(2, 1).SetText(WorkbookText.Get("Perception_Note"));
        var column = 4;
        var labels = new List<string> { WorkbookText.Get("Column_Province"), WorkbookText.Get("Column_RegencyCode"), WorkbookText.Get("Column_Mall") };
        foreach (var code in perception.Templates)
        {
            sheet.Cell(HeaderRow - 1, column).SetText(code.ToUpperInvariant()).Style.Font.Bold = true;
            labels.AddRange([WorkbookText.Format("Perception_Index", perception.Scales[code].Max), WorkbookText.Get("Perception_Rescaled"),
                WorkbookText.Get("Perception_CiLow"), WorkbookText.Get("Perception_CiHigh"), WorkbookText.Get("Column_Respondents")]);
            column += 5;
        }
        WorkbookCells.Header(sheet, HeaderRow, 1, labels);
        var row = HeaderRow + 1;
        foreach (var mall in perception.Rows)
        {
            sheet.Cell(row, 1).SetText(mall.ProvinceName);
            sheet.Cell(row, 2).SetText(mall.RegencyCode);
            sheet.Cell(row, 3).SetText(mall.MallName);
            column = 4;
            foreach (var code in perception.Templates)
            {
                if (mall.Figures.TryGetValue(code, out var f))
                {
                    sheet.Cell(row, column).SetNumber(f.Index, WorkbookCells.IndexFormat);
                    sheet.Cell(row, column + 1).SetNumber(f.Rescaled, WorkbookCells.IndexFormat);
                    sheet.Cell(row, column + 2).SetNumberOrBlank(f.CiLow, WorkbookCells.IndexFormat);
                    sheet.Cell(row, column + 3).SetNumberOrBlank(f.CiHigh, WorkbookCells.IndexFormat);
                    sheet.Cell(row, column + 4).SetCount(f.Respondents);
                }
                column += 5;
            }
            row++;
        }
        WorkbookPrint.Apply(sheet, HeaderRow, WorkbookText.Get("Print_Header_National"), periodCode, identifyingColumns: 3);
    }
}

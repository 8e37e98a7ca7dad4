using System.Globalization;
using ClosedXML.Excel;
using MppSurvey.Core.Reporting.Charts;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// The national workbook's funnel sheet (Funnel Plot): the picture the ministry's page draws, as a PNG
/// (<see cref="WorkbookPicture"/>), the figures that widen its limits, and per MPP its respondent
/// scores, index, the four limits at its n and its position, so an auditor can check every point.
/// </summary>
internal static class NationalFunnelSheet
{
    /// <summary>The picture's top-left cell (zero-based row and column) and size in pixels (the page's viewBox).</summary>
    internal const int PictureRow = 2, PictureColumn = 0, PictureWidth = 640, PictureHeight = 360;

    /// <summary>Rows of the figures below the picture and of the table's header.</summary>
    internal const int FactsRow = 22, HeaderRow = 27;

    public static void Write(IXLWorksheet sheet, string periodCode, NationalFunnelPlot plot)
    {
        WorkbookCells.Widths(sheet, 24, 34, 12, 11, 11, 11, 11, 11, 30);
        WorkbookCells.Title(sheet, 1, WorkbookText.Format("Funnel_Title", periodCode));

        var funnel = plot.Funnel;
        var row = FactsRow;
        sheet.Cell(row, 1).SetText(WorkbookText.Get("Funnel_Target"));
        sheet.Cell(row++, 3).SetNumber(funnel.Target, WorkbookCells.IndexFormat);
        sheet.Cell(row, 1).SetText(WorkbookText.Get("Funnel_Sd"));
        sheet.Cell(row++, 3).SetNumber(funnel.StandardDeviation, WorkbookCells.IndexFormat);
        sheet.Cell(row, 1).SetText(WorkbookText.Get("Funnel_Phi"));
        sheet.Cell(row++, 3).SetNumber(funnel.Phi, WorkbookCells.IndexFormat);
        sheet.Cell(row, 1).SetText(WorkbookText.Get("Funnel_Tau"));
        sheet.Cell(row, 3).SetNumber(funnel.BetweenUnitStandardDeviation, WorkbookCells.IndexFormat);

        WorkbookCells.Header(sheet, HeaderRow, 1,
        [
            WorkbookText.Get("Column_Province"), WorkbookText.Get("Column_Mall"), WorkbookText.Get("Funnel_ScoreN"),
            WorkbookText.Get("Column_Converted"), WorkbookText.Get("Funnel_Lower998"), WorkbookText.Get("Funnel_Lower95"),
            WorkbookText.Get("Funnel_Upper95"), WorkbookText.Get("Funnel_Upper998"), WorkbookText.Get("Column_Funnel"),
        ]);
        row = HeaderRow + 1;
        foreach (var point in plot.Points)
        {
            var limits = funnel.Limits(point.ScoreN);
            sheet.Cell(row, 1).SetText(point.ProvinceName);
            sheet.Cell(row, 2).SetText(point.MallName);
            sheet.Cell(row, 3).SetCount(point.ScoreN);
            sheet.Cell(row, 4).SetNumber(point.Converted, WorkbookCells.IndexFormat);
            sheet.Cell(row, 5).SetNumber(limits.Lower998, WorkbookCells.IndexFormat);
            sheet.Cell(row, 6).SetNumber(limits.Lower95, WorkbookCells.IndexFormat);
            sheet.Cell(row, 7).SetNumber(limits.Upper95, WorkbookCells.IndexFormat);
            sheet.Cell(row, 8).SetNumber(limits.Upper998, WorkbookCells.IndexFormat);
            sheet.Cell(row, 9).SetText(ScoringText.Label(point.Position, ScoringText.Indonesian));
            row++;
        }

        MallWorkbook.WriteNotes(sheet, row + 1, WorkbookText.Get("Note_Funnel"), WorkbookText.Get("Funnel_Limits"));
    }

    /// <summary>The same SVG the ministry's page shows (FunnelPlotSvg), as a PNG for the sheet.</summary>
    public static byte[] Picture(NationalFunnelPlot plot)
    {
        var points = plot.Points
            .Select(p => new FunnelPlotSvg.Point(p.MallName, "", p.ScoreN, (double)p.Converted, p.Position))
            .ToList();
        var svg = FunnelPlotSvg.Render(points, plot.Funnel, WorkbookText.Get("Sheet_Funnel"), WorkbookText.Get("Funnel_AxisX"),
            WorkbookText.Get("Column_Converted"), CultureInfo.GetCultureInfo("id-ID"));
        return SvgPng.Render(svg, FunnelPlotSvg.ExportStyle);
    }
}

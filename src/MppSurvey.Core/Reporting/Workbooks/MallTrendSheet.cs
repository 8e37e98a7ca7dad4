using System.Globalization;
using ClosedXML.Excel;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// The Tren sheet of <see cref="MallWorkbook"/>: one row per period and the least-squares slope. Its
/// native line chart is added to the saved package by <see cref="TrendChart"/>.
/// </summary>
internal static class MallTrendSheet
{
    private static readonly CultureInfo Indonesian = ScoringText.Indonesian;

    internal static void Write(IXLWorksheet sheet, IReadOnlyList<TrendPoint> trend)
    {
        WorkbookCells.Widths(sheet, 12, 12, 8, 13, 13, 12, 30);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Trend_Title"));
        sheet.Cell(2, 1).SetText(WorkbookText.Get(trend.Count > 0 ? "Trend_ChartNote" : "Trend_Empty"));
        var header = MallWorkbook.TrendHeaderRow;
        WorkbookCells.Header(sheet, header, 1,
        [
            WorkbookText.Get("Column_Period"), WorkbookText.Get("Column_Converted"), WorkbookText.Get("Column_Grade"),
            WorkbookText.Get("Column_CiLow"), WorkbookText.Get("Column_CiHigh"), WorkbookText.Get("Column_Respondents"),
            WorkbookText.Get("Column_ChangeVerdict"),
        ]);

        var row = header + 1;
        foreach (var point in trend)
        {
            var rounded = Grading.Round(point.Converted);
            sheet.Cell(row, 1).SetText(point.PeriodCode);
            sheet.Cell(row, 2).SetNumber(rounded, WorkbookCells.IndexFormat);
            sheet.Cell(row, 3).SetText(Grading.OfRounded(rounded).ToString());
            sheet.Cell(row, 4).SetNumberOrBlank(point.CiLow, WorkbookCells.IndexFormat);
            sheet.Cell(row, 5).SetNumberOrBlank(point.CiHigh, WorkbookCells.IndexFormat);
            sheet.Cell(row, 6).SetCount(point.Respondents);
            sheet.Cell(row, 7).SetText(point.Verdict is { } verdict ? ScoringText.Label(verdict, Indonesian) : string.Empty);
            row++;
        }

        row++;
        sheet.Cell(row, 1).SetText(WorkbookText.Get("Trend_Slope")).Style.Font.Bold = true;
        if (FitTrend(trend) is { } fit)
        {
            // Values in column E: the labels run on over the empty cells B..D (column A is narrow, for periods).
            const int valueColumn = 5;
            sheet.Cell(row + 1, 1).SetText(WorkbookText.Get("Trend_SlopeValue"));
            sheet.Cell(row + 1, valueColumn).SetNumber(fit.Slope, WorkbookCells.ChangeFormat);
            sheet.Cell(row + 2, 1).SetText(WorkbookText.Get("Summary_PValue"));
            sheet.Cell(row + 2, valueColumn).SetNumberOrBlank(fit.PValue, WorkbookCells.PValueFormat);
            sheet.Cell(row + 3, 1).SetText(WorkbookText.Get("Summary_Verdict"));
            sheet.Cell(row + 3, valueColumn).SetText(ScoringText.Label(fit.Verdict(), Indonesian));
        }
        else
        {
            sheet.Cell(row + 1, 1).SetText(WorkbookText.Get("Trend_TooFew"));
        }
    }

    /// <summary>
    /// The least-squares trend of docs/method.md, The trend, on the rounded published values. Periods are placed
    /// by their calendar position when all codes parse and share a kind, so a skipped semester counts as a
    /// gap; otherwise they are taken as consecutive.
    /// </summary>
    private static TrendFit? FitTrend(IReadOnlyList<TrendPoint> trend)
    {
        if (trend.Count < 2)
        {
            return null;
        }

        var periods = trend.Select(p => Period.TryParse(p.PeriodCode, out var period) ? period : null).ToList();
        var calendar = periods.All(p => p is not null) && periods.Select(p => p!.Kind).Distinct().Count() == 1;
        var points = trend.Select((p, i) => (
                Period: calendar ? (double)CalendarPosition(periods[i]!) : i,
                Value: (double)Grading.Round(p.Converted)))
            .ToList();
        return points.Select(p => p.Period).Distinct().Count() < 2 ? null : TrendSlope.Fit(points);
    }

    private static int CalendarPosition(Period period)
    {
        var months = period.Kind switch
        {
            PeriodKind.Semester => 6,
            PeriodKind.Quarter => 3,
            _ => 12,
        };
        return (period.StartsOn.Year * 12 + period.StartsOn.Month - 1) / months;
    }
}

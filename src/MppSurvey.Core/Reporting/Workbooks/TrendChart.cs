using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MppSurvey.Core.Scoring;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// Adds a native Excel line chart of the trend (IKM konversi and its 95% interval per period) to the
/// Tren sheet of a package ClosedXML has saved. ClosedXML 0.95.4 cannot draw charts, and AddPicture
/// needs System.Drawing, which fails on Linux (stack-notes.md); a chart part written with
/// DocumentFormat.OpenXml 2.20 needs neither and stays live in Excel and LibreOffice.
/// </summary>
/// <remarks>
/// The series refer to the sheet's cells and also carry cached values, so viewers that do not
/// recalculate (previewers, LibreOffice on first open) draw the same line as Excel.
/// </remarks>
internal static class TrendChart
{
    private const string ChartUri = "http://schemas.openxmlformats.org/drawingml/2006/chart";

    /// <summary>Where the chart sits: right of the table (columns I..R), from the title down.</summary>
    private const int FromColumn = 8;
    private const int ToColumn = 18;
    private const int FromRow = 1;
    private const int ToRow = 22;

    public static void AddTo(WorksheetPart worksheetPart, string sheetName, int headerRow, IReadOnlyList<TrendPoint> trend)
    {
        var drawingsPart = worksheetPart.AddNewPart<DrawingsPart>();
        var chartPart = drawingsPart.AddNewPart<ChartPart>();
        chartPart.ChartSpace = BuildChart(sheetName, headerRow, trend);
        chartPart.ChartSpace.Save();

        drawingsPart.WorksheetDrawing = new Xdr.WorksheetDrawing(Anchor(drawingsPart.GetIdOfPart(chartPart)));
        drawingsPart.WorksheetDrawing.Save();

        InsertDrawingReference(worksheetPart.Worksheet, worksheetPart.GetIdOfPart(drawingsPart));
        worksheetPart.Worksheet.Save();
    }

    /// <summary>
    /// The worksheet schema fixes the order of its children: &lt;drawing&gt; comes after the page setup
    /// and before legacy drawings, table parts and extensions (ClosedXML writes an empty tableParts).
    /// </summary>
    internal static void InsertDrawingReference(Worksheet worksheet, string drawingPartId)
    {
        var drawing = new Drawing { Id = drawingPartId };
        var successor = worksheet.ChildElements.FirstOrDefault(e => e is LegacyDrawing or LegacyDrawingHeaderFooter or Picture
            or OleObjects or Controls or WebPublishItems or TableParts or WorksheetExtensionList);
        if (successor is null)
        {
            worksheet.Append(drawing);
        }
        else
        {
            worksheet.InsertBefore(drawing, successor);
        }
    }

    private static C.ChartSpace BuildChart(string sheetName, int headerRow, IReadOnlyList<TrendPoint> trend)
    {
        var first = headerRow + 1;
        var last = headerRow + trend.Count;
        var categories = trend.Select(p => p.PeriodCode).ToList();

        // Columns of the Tren table: A period, B IKM konversi, D and E the interval bounds.
        var lineChart = new C.LineChart(
            new C.Grouping { Val = C.GroupingValues.Standard },
            new C.VaryColors { Val = false },
            Series(0, sheetName, "B", headerRow, first, last, categories, trend.Select(p => (double?)(double)Grading.Round(p.Converted)).ToList(), "1F4E79", dashed: false),
            Series(1, sheetName, "D", headerRow, first, last, categories, trend.Select(p => p.CiLow).ToList(), "7F7F7F", dashed: true),
            Series(2, sheetName, "E", headerRow, first, last, categories, trend.Select(p => p.CiHigh).ToList(), "7F7F7F", dashed: true),
            new C.ShowMarker { Val = true },
            new C.AxisId { Val = 1U },
            new C.AxisId { Val = 2U });

        var categoryAxis = new C.CategoryAxis(
            new C.AxisId { Val = 1U },
            new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
            new C.Delete { Val = false },
            new C.AxisPosition { Val = C.AxisPositionValues.Bottom },
            new C.NumberingFormat { FormatCode = "General", SourceLinked = true },
            new C.MajorTickMark { Val = C.TickMarkValues.Outside },
            new C.MinorTickMark { Val = C.TickMarkValues.None },
            new C.TickLabelPosition { Val = C.TickLabelPositionValues.Low },
            new C.CrossingAxis { Val = 2U },
            new C.Crosses { Val = C.CrossesValues.AutoZero },
            new C.AutoLabeled { Val = true },
            new C.LabelAlignment { Val = C.LabelAlignmentValues.Center },
            new C.LabelOffset { Val = (UInt16Value)100 },
            new C.NoMultiLevelLabels { Val = false });

        var valueAxis = new C.ValueAxis(
            new C.AxisId { Val = 2U },
            new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
            new C.Delete { Val = false },
            new C.AxisPosition { Val = C.AxisPositionValues.Left },
            new C.MajorGridlines(),
            new C.NumberingFormat { FormatCode = WorkbookCells.IndexFormat, SourceLinked = false },
            new C.MajorTickMark { Val = C.TickMarkValues.Outside },
            new C.MinorTickMark { Val = C.TickMarkValues.None },
            new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
            new C.CrossingAxis { Val = 1U },
            new C.Crosses { Val = C.CrossesValues.AutoZero },
            new C.CrossBetween { Val = C.CrossBetweenValues.Between });

        var chart = new C.Chart(
            new C.Title(
                new C.ChartText(new C.RichText(
                    new A.BodyProperties(),
                    new A.ListStyle(),
                    new A.Paragraph(new A.Run(new A.RunProperties { Language = "id-ID", FontSize = 1200, Bold = true }, new A.Text(WorkbookText.Get("Trend_ChartTitle")))))),
                new C.Overlay { Val = false }),
            new C.AutoTitleDeleted { Val = false },
            new C.PlotArea(new C.Layout(), lineChart, categoryAxis, valueAxis),
            new C.Legend(new C.LegendPosition { Val = C.LegendPositionValues.Bottom }, new C.Overlay { Val = false }),
            new C.PlotVisibleOnly { Val = true },
            new C.DisplayBlanksAs { Val = C.DisplayBlanksAsValues.Gap });

        return new C.ChartSpace(
            new C.EditingLanguage { Val = "id-ID" },
            new C.RoundedCorners { Val = false },
            chart);
    }

    private static C.LineChartSeries Series(uint index, string sheetName, string column, int headerRow, int first, int last,
        IReadOnlyList<string> categories, IReadOnlyList<double?> values, string color, bool dashed)
    {
        var name = WorkbookText.Get(index switch { 0 => "Column_Converted", 1 => "Column_CiLow", _ => "Column_CiHigh" });
        var lineProperties = new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = color })) { Width = dashed ? 15875 : 28575 };
        if (dashed)
        {
            lineProperties.Append(new A.PresetDash { Val = A.PresetLineDashValues.Dash });
        }

        var numberCache = new C.NumberingCache(new C.FormatCode(WorkbookCells.IndexFormat), new C.PointCount { Val = (uint)values.Count });
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } value && double.IsFinite(value))
            {
                numberCache.Append(new C.NumericPoint(new C.NumericValue(value.ToString("R", CultureInfo.InvariantCulture))) { Index = (uint)i });
            }
        }

        var categoryCache = new C.StringCache(new C.PointCount { Val = (uint)categories.Count });
        for (var i = 0; i < categories.Count; i++)
        {
            categoryCache.Append(new C.StringPoint(new C.NumericValue(WorkbookCells.Clean(categories[i]))) { Index = (uint)i });
        }

        return new C.LineChartSeries(
            new C.Index { Val = index },
            new C.Order { Val = index },
            new C.SeriesText(new C.StringReference(
                new C.Formula(CellReference(sheetName, column, headerRow)),
                new C.StringCache(new C.PointCount { Val = 1U }, new C.StringPoint(new C.NumericValue(name)) { Index = 0U }))),
            new C.ChartShapeProperties(lineProperties),
            new C.Marker(new C.Symbol { Val = dashed ? C.MarkerStyleValues.None : C.MarkerStyleValues.Circle }, new C.Size { Val = 6 }),
            new C.CategoryAxisData(new C.StringReference(new C.Formula(RangeReference(sheetName, "A", first, last)), categoryCache)),
            new C.Values(new C.NumberReference(new C.Formula(RangeReference(sheetName, column, first, last)), numberCache)),
            new C.Smooth { Val = false });
    }

    private static string Quote(string sheetName) => "'" + sheetName.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string CellReference(string sheetName, string column, int row) =>
        string.Create(CultureInfo.InvariantCulture, $"{Quote(sheetName)}!${column}${row}");

    private static string RangeReference(string sheetName, string column, int first, int last) =>
        string.Create(CultureInfo.InvariantCulture, $"{Quote(sheetName)}!${column}${first}:${column}${last}");

    private static Xdr.TwoCellAnchor Anchor(string chartPartId) =>
        new(
            new Xdr.FromMarker(new Xdr.ColumnId(Text(FromColumn)), new Xdr.ColumnOffset("0"), new Xdr.RowId(Text(FromRow)), new Xdr.RowOffset("0")),
            new Xdr.ToMarker(new Xdr.ColumnId(Text(ToColumn)), new Xdr.ColumnOffset("0"), new Xdr.RowId(Text(ToRow)), new Xdr.RowOffset("0")),
            new Xdr.GraphicFrame(
                new Xdr.NonVisualGraphicFrameProperties(
                    new Xdr.NonVisualDrawingProperties { Id = 2U, Name = WorkbookText.Get("Trend_ChartTitle") },
                    new Xdr.NonVisualGraphicFrameDrawingProperties()),
                new Xdr.Transform(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = 0L, Cy = 0L }),
                new A.Graphic(new A.GraphicData(new C.ChartReference { Id = chartPartId }) { Uri = ChartUri }))
            { Macro = string.Empty },
            new Xdr.ClientData())
        { EditAs = Xdr.EditAsValues.OneCell };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

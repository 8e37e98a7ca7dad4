using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// Puts a PNG on a sheet of a package ClosedXML has saved. ClosedXML 0.95.4's AddPicture measures the
/// image with System.Drawing, which throws on Linux unless libgdiplus is installed and Unix support is
/// switched on (stack-notes.md); an image part and a one-cell anchor written with DocumentFormat.OpenXml
/// 2.20 need neither.
/// </summary>
internal static class WorkbookPicture
{
    /// <summary>English Metric Units per pixel at 96 dpi.</summary>
    private const long EmuPerPixel = 9525;

    public static void AddPng(WorksheetPart worksheetPart, byte[] png, int row, int column, int widthPixels, int heightPixels, string description)
    {
        var drawingsPart = worksheetPart.DrawingsPart ?? worksheetPart.AddNewPart<DrawingsPart>();
        var imagePart = drawingsPart.AddImagePart(ImagePartType.Png);
        using (var stream = new MemoryStream(png))
        {
            imagePart.FeedData(stream);
        }

        // A rectangle filled with the image, not an xdr:pic: Excel and LibreOffice draw both alike, but
        // ClosedXML 0.95.4 loads every xdr:pic through System.Drawing and then cannot even open the
        // workbook on Linux, while it skips shapes (tests and tools read these workbooks with it).
        var extents = new A.Extents { Cx = widthPixels * EmuPerPixel, Cy = heightPixels * EmuPerPixel };
        var picture = new Xdr.Shape(
            new Xdr.NonVisualShapeProperties(
                new Xdr.NonVisualDrawingProperties { Id = 2U, Name = "Funnel plot", Description = description },
                new Xdr.NonVisualShapeDrawingProperties(new A.ShapeLocks { NoChangeAspect = true })),
            new Xdr.ShapeProperties(
                new A.Transform2D(new A.Offset { X = 0, Y = 0 }, extents),
                new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle },
                new A.BlipFill(new A.Blip { Embed = drawingsPart.GetIdOfPart(imagePart) }, new A.Stretch(new A.FillRectangle())),
                new A.Outline(new A.NoFill())));
        var anchor = new Xdr.OneCellAnchor(
            new Xdr.FromMarker(
                new Xdr.ColumnId(column.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Xdr.ColumnOffset("0"),
                new Xdr.RowId(row.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Xdr.RowOffset("0")),
            new Xdr.Extent { Cx = widthPixels * EmuPerPixel, Cy = heightPixels * EmuPerPixel },
            picture,
            new Xdr.ClientData());

        if (drawingsPart.WorksheetDrawing is null)
        {
            drawingsPart.WorksheetDrawing = new Xdr.WorksheetDrawing(anchor);
            TrendChart.InsertDrawingReference(worksheetPart.Worksheet, worksheetPart.GetIdOfPart(drawingsPart));
        }
        else
        {
            drawingsPart.WorksheetDrawing.Append(anchor);
        }
        drawingsPart.WorksheetDrawing.Save();
        worksheetPart.Worksheet.Save();
    }
}

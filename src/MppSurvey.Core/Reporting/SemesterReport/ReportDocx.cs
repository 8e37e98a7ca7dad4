using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace MppSurvey.Core.Reporting.SemesterReport;

/// <summary>
/// The few WordprocessingML building blocks the semester report needs (headings, paragraphs, tables
/// with a repeated header row, an inline PNG, a signature block), written so that every element's
/// children come in the schema's order: the document must pass OpenXmlValidator and open in Word and
/// LibreOffice alike. Every text goes through <see cref="Clean"/>, since visitors' suggestions may hold
/// characters XML cannot carry.
/// </summary>
internal sealed class ReportDocx(MainDocumentPart main)
{
    /// <summary>A4 text width in twentieths of a point (21 cm less 2 x 2.5 cm margins).</summary>
    internal const int TextWidthTwips = 9071;

    private readonly Body _body = main.Document.Body!;
    private uint _drawingId;

    public void Heading(string text, int level) =>
        _body.Append(Para(text, style: level == 1 ? ReportStyles.Heading1 : ReportStyles.Heading2));

    public void Text(string text, JustificationValues? align = null, bool bold = false, int? sizeHalfPoints = null) =>
        _body.Append(Para(text, align: align, bold: bold, size: sizeHalfPoints));

    /// <summary>A bold title kept on the page of the table that follows it.</summary>
    public void TableTitle(string text) => _body.Append(Para(text, bold: true, keepNext: true));

    /// <summary>A numbered list item written as plain text ("1. ..."), so it survives every editor's list handling.</summary>
    public void Item(string marker, string text) =>
        _body.Append(Para(marker + " " + text, indentTwips: 360));

    public void Empty(int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _body.Append(new Paragraph());
        }
    }

    public void PageBreak() => _body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));

    /// <summary>A bordered, centred box: the place where the regency pastes its logo.</summary>
    public void Box(string text)
    {
        var border = new ParagraphBorders(
            new TopBorder { Val = BorderValues.Single, Size = 8, Space = 24 },
            new LeftBorder { Val = BorderValues.Single, Size = 8, Space = 24 },
            new BottomBorder { Val = BorderValues.Single, Size = 8, Space = 24 },
            new RightBorder { Val = BorderValues.Single, Size = 8, Space = 24 });
        var props = new ParagraphProperties(border, new Indentation { Left = "3000", Right = "3000" }, new Justification { Val = JustificationValues.Center });
        _body.Append(new Paragraph(props, TextRun(text, bold: false, size: null)));
    }

    /// <summary>
    /// A table across the text width. The first row is the header, repeated on every page; numeric
    /// columns (<paramref name="rightAligned"/>) are right-aligned. <paramref name="weights"/> share the width.
    /// </summary>
    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<int> weights, ISet<int>? rightAligned = null, ISet<int>? boldRows = null)
    {
        var total = weights.Sum();
        var widths = weights.Select(w => TextWidthTwips * w / total).ToArray();
        var table = new Table(
            new TableProperties(
                new TableWidth { Width = TextWidthTwips.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
                new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4 },
                    new LeftBorder { Val = BorderValues.Single, Size = 4 },
                    new BottomBorder { Val = BorderValues.Single, Size = 4 },
                    new RightBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
                new TableLayout { Type = TableLayoutValues.Fixed }),
            new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        table.Append(Row(header, widths, header: true, rightAligned: null, bold: true));
        var index = 0;
        foreach (var row in rows)
        {
            table.Append(Row(row, widths, header: false, rightAligned, bold: boldRows?.Contains(index) == true));
            index++;
        }

        _body.Append(table);
        // Word joins two tables that touch; an empty paragraph keeps them apart and gives air.
        _body.Append(new Paragraph());
    }

    /// <summary>An inline PNG of the given size in centimetres, centred, with a caption below.</summary>
    public void Image(byte[] png, double widthCm, double heightCm, string name, string caption)
    {
        var part = main.AddImagePart(ImagePartType.Png);
        using (var stream = new MemoryStream(png))
        {
            part.FeedData(stream);
        }

        var relationshipId = main.GetIdOfPart(part);
        var cx = (long)(widthCm * 360000);
        var cy = (long)(heightCm * 360000);
        var id = ++_drawingId;
        var picture = new PIC.Picture(
            new PIC.NonVisualPictureProperties(
                new PIC.NonVisualDrawingProperties { Id = 0U, Name = name + ".png" },
                new PIC.NonVisualPictureDrawingProperties()),
            new PIC.BlipFill(new A.Blip { Embed = relationshipId }, new A.Stretch(new A.FillRectangle())),
            new PIC.ShapeProperties(
                new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = cx, Cy = cy }),
                new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle }));
        var inline = new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy },
            new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new DW.DocProperties { Id = id, Name = name, Description = Clean(caption) },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(picture) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        {
            DistanceFromTop = 0U,
            DistanceFromBottom = 0U,
            DistanceFromLeft = 0U,
            DistanceFromRight = 0U,
        };
        // Kept with its caption: a picture at the foot of a page must not leave its caption to the next.
        _body.Append(new Paragraph(new ParagraphProperties(new KeepNext(), new Justification { Val = JustificationValues.Center }), new Run(new Drawing(inline))));
        _body.Append(Para(caption, align: JustificationValues.Center, size: 18));
    }

    private static TableRow Row(IReadOnlyList<string> cells, int[] widths, bool header, ISet<int>? rightAligned, bool bold)
    {
        var row = new TableRow();
        if (header)
        {
            row.Append(new TableRowProperties(new CantSplit(), new TableHeader()));
        }
        else
        {
            row.Append(new TableRowProperties(new CantSplit()));
        }

        for (var i = 0; i < widths.Length; i++)
        {
            var props = new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa });
            if (header)
            {
                props.Append(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = "D9E2F3" });
            }

            var align = !header && rightAligned?.Contains(i) == true ? JustificationValues.Right : (JustificationValues?)null;
            row.Append(new TableCell(props, Para(i < cells.Count ? cells[i] : "", align: align, bold: bold, size: 18, spacingAfter: 0)));
        }

        return row;
    }

    private static Paragraph Para(string text, string? style = null, JustificationValues? align = null, bool bold = false, int? size = null, int? indentTwips = null, int? spacingAfter = null, bool keepNext = false)
    {
        // Child order of w:pPr follows the schema: pStyle, ..., spacing, ind, ..., jc.
        var props = new ParagraphProperties();
        if (style is not null)
        {
            props.Append(new ParagraphStyleId { Val = style });
        }

        if (keepNext)
        {
            props.Append(new KeepNext());
        }

        if (spacingAfter is int after)
        {
            props.Append(new SpacingBetweenLines { After = after.ToString(System.Globalization.CultureInfo.InvariantCulture), Before = "0" });
        }

        if (indentTwips is int indent)
        {
            props.Append(new Indentation { Left = indent.ToString(System.Globalization.CultureInfo.InvariantCulture), Hanging = "360" });
        }

        if (align is JustificationValues a)
        {
            props.Append(new Justification { Val = a });
        }

        var paragraph = new Paragraph();
        if (props.HasChildren)
        {
            paragraph.Append(props);
        }

        paragraph.Append(TextRun(text, bold, size));
        return paragraph;
    }

    private static Run TextRun(string text, bool bold, int? size)
    {
        var run = new Run();
        if (bold || size is not null)
        {
            var props = new RunProperties();
            if (bold)
            {
                props.Append(new Bold());
            }

            if (size is int s)
            {
                props.Append(new FontSize { Val = s.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            }

            run.Append(props);
        }

        // A line break inside a text (a suggestion typed on several lines) becomes a w:br.
        var lines = Clean(text).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                run.Append(new Break());
            }

            run.Append(new Text(lines[i].TrimEnd('\r')) { Space = SpaceProcessingModeValues.Preserve });
        }

        return run;
    }

    /// <summary>
    /// Drops what XML 1.0 cannot hold (control characters, lone surrogates): a visitor's suggestion is
    /// stored as typed, and one stray character must not make the whole report fail to save.
    /// </summary>
    internal static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (!char.IsSurrogate(c) && (XmlConvert.IsXmlChar(c) || c == '\n'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

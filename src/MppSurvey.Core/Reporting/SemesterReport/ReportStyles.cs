using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace MppSurvey.Core.Reporting.SemesterReport;

/// <summary>
/// The report's styles, page and footer. Chapters use the built-in style ids Heading1 and Heading2
/// (with outline levels) so that the MPP can insert a table of contents in Word or LibreOffice, and
/// every chapter (Heading1) starts on a new page. The font is Arial, which LibreOffice maps to the
/// metric-compatible Liberation Sans.
/// </summary>
internal static class ReportStyles
{
    internal const string Heading1 = "Heading1";
    internal const string Heading2 = "Heading2";

    internal static void AddTo(MainDocumentPart main, string footerText)
    {
        var part = main.AddNewPart<StyleDefinitionsPart>();
        part.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Arial", HighAnsi = "Arial", ComplexScript = "Arial", EastAsia = "Arial" },
                    new FontSize { Val = "22" },
                    new FontSizeComplexScript { Val = "22" },
                    new Languages { Val = "id-ID" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { After = "120", Line = "276", LineRule = LineSpacingRuleValues.Auto }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            HeadingStyle(Heading1, "heading 1", 0, "28", pageBreak: true),
            HeadingStyle(Heading2, "heading 2", 1, "24", pageBreak: false));

        var footer = main.AddNewPart<FooterPart>();
        footer.Footer = new Footer(new Paragraph(
            new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
            new Run(new RunProperties(new FontSize { Val = "16" }), new Text(ReportDocx.Clean(footerText) + " ") { Space = SpaceProcessingModeValues.Preserve }),
            new SimpleField(new Run(new RunProperties(new FontSize { Val = "16" }), new Text("1"))) { Instruction = " PAGE " }));
        var footerId = main.GetIdOfPart(footer);

        // A4 portrait, 2.5 cm margins (ReportDocx.TextWidthTwips depends on them).
        main.Document.Body!.Append(new SectionProperties(
            new FooterReference { Type = HeaderFooterValues.Default, Id = footerId },
            new PageSize { Width = 11906U, Height = 16838U },
            new PageMargin { Top = 1417, Right = 1417U, Bottom = 1417, Left = 1417U, Header = 708U, Footer = 708U, Gutter = 0U }));
    }

    private static Style HeadingStyle(string id, string name, int outline, string size, bool pageBreak)
    {
        var paragraph = new StyleParagraphProperties(new KeepNext());
        if (pageBreak)
        {
            paragraph.Append(new PageBreakBefore());
        }

        paragraph.Append(new SpacingBetweenLines { Before = pageBreak ? "0" : "240", After = "120" });
        if (pageBreak)
        {
            paragraph.Append(new Justification { Val = JustificationValues.Center });
        }

        paragraph.Append(new OutlineLevel { Val = outline });
        return new Style(
            new StyleName { Val = name },
            new BasedOn { Val = "Normal" },
            new NextParagraphStyle { Val = "Normal" },
            new PrimaryStyle(),
            paragraph,
            new StyleRunProperties(new Bold(), new FontSize { Val = size }, new FontSizeComplexScript { Val = size }))
        {
            Type = StyleValues.Paragraph,
            StyleId = id,
        };
    }
}

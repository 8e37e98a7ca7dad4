using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// Writes the respondent rows of the tabel pengolahan data straight into the sheet XML that ClosedXML has
/// saved, between the header and the summary rows ClosedXML wrote below the gap left for them.
/// </summary>
/// <remarks>
/// Why not ClosedXML: a 10,000-respondent MPP means 100,000 cells, and ClosedXML 0.95.4 spends about a
/// second creating, styling and serialising them, half the 2-second budget of a workbook download on a warm process
/// and more than all of it on a cold one. The rows are plain numbers in the default style, so they are
/// streamed as &lt;row&gt;/&lt;c&gt;/&lt;v&gt; elements; everything else in the sheet stays ClosedXML's.
/// A blank answer writes no &lt;c&gt; at all: an empty cell, never 0 (docs/method.md, The index, step 1).
/// </remarks>
internal static class RespondentRowsWriter
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>
    /// Inserts the respondent rows (each with its per-row Jumlah formula) from <paramref name="firstRow"/>, and
    /// gives each formula cell of <paramref name="formulas"/> its cached value (ClosedXML 0.95.4 saves a
    /// formula without one, which a viewer that does not calculate shows as empty or 0).
    /// </summary>
    public static void InsertInto(WorksheetPart part, int firstRow, IReadOnlyList<RespondentRow> respondents, IReadOnlyDictionary<string, CachedFormula> formulas)
    {
        if (respondents.Count == 0)
        {
            return;
        }

        using var edited = new MemoryStream();
        using (var input = part.GetStream(FileMode.Open, FileAccess.Read))
        using (var reader = XmlReader.Create(input, new XmlReaderSettings { IgnoreWhitespace = false }))
        using (var writer = XmlWriter.Create(edited, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            var inserted = false;
            var prefix = string.Empty;
            while (reader.Read())
            {
                if (!inserted && reader.NamespaceURI == Main)
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheetData")
                    {
                        prefix = reader.Prefix;
                        if (reader.IsEmptyElement)
                        {
                            writer.WriteStartElement(prefix, "sheetData", Main);
                            WriteRows(writer, prefix, firstRow, respondents);
                            writer.WriteEndElement();
                            inserted = true;
                            continue;
                        }
                    }
                    else if ((reader.NodeType == XmlNodeType.Element && reader.LocalName == "row" && RowNumber(reader) >= firstRow)
                             || (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "sheetData"))
                    {
                        WriteRows(writer, prefix, firstRow, respondents);
                        inserted = true;
                    }
                }

                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "c" && reader.NamespaceURI == Main
                    && reader.GetAttribute("r") is { } reference && formulas.TryGetValue(reference, out var formula))
                {
                    WriteFormulaCell(reader, writer, formula);
                    continue;
                }

                CopyNode(reader, writer);
            }

            if (!inserted)
            {
                throw new InvalidOperationException("The Pengolahan Data sheet has no sheetData to put the respondents in.");
            }
        }

        edited.Position = 0;
        part.FeedData(edited);
    }

    private static int RowNumber(XmlReader reader) =>
        int.TryParse(reader.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var row) ? row : 0;

    private static void WriteRows(XmlWriter writer, string prefix, int firstRow, IReadOnlyList<RespondentRow> respondents)
    {
        // Column A holds the respondent number, B..J the answers U1..U9 (PengolahanLayout).
        string[] columns = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"];
        var row = firstRow;
        foreach (var respondent in respondents)
        {
            var rowText = row.ToString(CultureInfo.InvariantCulture);
            writer.WriteStartElement(prefix, "row", Main);
            writer.WriteAttributeString("r", rowText);
            WriteNumber(writer, prefix, columns[0] + rowText, respondent.Number.ToString(CultureInfo.InvariantCulture));
            var sum = 0L;
            for (var i = 0; i < respondent.Answers.Length; i++)
            {
                if (respondent.Answers[i] is { } answer)
                {
                    WriteNumber(writer, prefix, columns[i + 1] + rowText, answer.ToString(CultureInfo.InvariantCulture));
                    sum += answer;
                }
            }

            var total = PengolahanFormulas.RowTotal(row, sum);
            writer.WriteStartElement(prefix, "c", Main);
            writer.WriteAttributeString("r", PengolahanFormulas.TotalColumn + rowText);
            writer.WriteElementString(prefix, "f", Main, total.Formula);
            writer.WriteElementString(prefix, "v", Main, total.CachedText);
            writer.WriteEndElement();
            writer.WriteEndElement();
            row++;
        }
    }

    /// <summary>
    /// Rewrites the cell the reader is on (keeping its style) as the formula with its cached value: t="str"
    /// for a text result, no type for a number. Leaves the reader on the cell's last node.
    /// </summary>
    private static void WriteFormulaCell(XmlReader reader, XmlWriter writer, CachedFormula formula)
    {
        var prefix = reader.Prefix;
        writer.WriteStartElement(prefix, "c", Main);
        writer.WriteAttributeString("r", reader.GetAttribute("r"));
        if (reader.GetAttribute("s") is { } style)
        {
            writer.WriteAttributeString("s", style);
        }

        if (formula.Number is null)
        {
            writer.WriteAttributeString("t", "str");
        }

        writer.WriteElementString(prefix, "f", Main, formula.Formula);
        writer.WriteElementString(prefix, "v", Main, formula.CachedText);
        writer.WriteEndElement();

        if (!reader.IsEmptyElement)
        {
            var depth = reader.Depth;
            while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
            }
        }
    }

    private static void WriteNumber(XmlWriter writer, string prefix, string reference, string value)
    {
        writer.WriteStartElement(prefix, "c", Main);
        writer.WriteAttributeString("r", reference);
        writer.WriteElementString(prefix, "v", Main, value);
        writer.WriteEndElement();
    }

    /// <summary>Copies the reader's current node, without its children, to the writer.</summary>
    private static void CopyNode(XmlReader reader, XmlWriter writer)
    {
        switch (reader.NodeType)
        {
            case XmlNodeType.Element:
                writer.WriteStartElement(reader.Prefix, reader.LocalName, reader.NamespaceURI);
                writer.WriteAttributes(reader, defattr: true);
                if (reader.IsEmptyElement)
                {
                    writer.WriteEndElement();
                }

                break;
            case XmlNodeType.EndElement:
                writer.WriteFullEndElement();
                break;
            case XmlNodeType.Text:
                writer.WriteString(reader.Value);
                break;
            case XmlNodeType.Whitespace:
            case XmlNodeType.SignificantWhitespace:
                writer.WriteWhitespace(reader.Value);
                break;
            case XmlNodeType.CDATA:
                writer.WriteCData(reader.Value);
                break;
            case XmlNodeType.XmlDeclaration:
                writer.WriteStartDocument();
                break;
            case XmlNodeType.ProcessingInstruction:
                writer.WriteProcessingInstruction(reader.Name, reader.Value);
                break;
            case XmlNodeType.Comment:
                writer.WriteComment(reader.Value);
                break;
        }
    }
}

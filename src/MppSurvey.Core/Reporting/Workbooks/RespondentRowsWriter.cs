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
/// second creating, styling and serialising them, half the 2-second budget of issue 5 on a warm process
/// and more than all of it on a cold one. The rows are plain numbers in the default style, so they are
/// streamed as &lt;row&gt;/&lt;c&gt;/&lt;v&gt; elements; everything else in the sheet stays ClosedXML's.
/// A blank answer writes no &lt;c&gt; at all: an empty cell, never 0 (skm-method.md §2 step 1).
/// </remarks>
internal static class RespondentRowsWriter
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public static void InsertInto(WorksheetPart part, int firstRow, IReadOnlyList<RespondentRow> respondents)
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
            for (var i = 0; i < respondent.Answers.Length; i++)
            {
                if (respondent.Answers[i] is { } answer)
                {
                    WriteNumber(writer, prefix, columns[i + 1] + rowText, answer.ToString(CultureInfo.InvariantCulture));
                }
            }

            writer.WriteEndElement();
            row++;
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

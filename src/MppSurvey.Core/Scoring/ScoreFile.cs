using System.Globalization;
using System.Text;
using ClosedXML.Excel;

namespace MppSurvey.Core.Scoring;

/// <summary>One respondent row of a score file, with the row number a user sees in the file.</summary>
/// <param name="RowNumber">1-based row (CSV line where the record starts, or Excel row).</param>
/// <param name="Respondent">The answers; blank cells are absent.</param>
public sealed record ScoreRow(int RowNumber, Respondent Respondent);

/// <summary>
/// Reads SKM answers (U1..U9, 1-4, blank = no answer) from a CSV with a header row or from an .xlsx in
/// the official <see cref="PengolahanLayout"/>. Error messages are Indonesian with English in parentheses.
/// </summary>
public static class ScoreFile
{
    private static readonly CultureInfo Text = ScoringText.Indonesian;

    /// <summary>The exception for a problem: the tool's bilingual message plus the parts a caller composes its own from.</summary>
    private static ScoreFileException Fail(string problem, int? row, string? column, object? value, object?[] args, Exception? inner = null) =>
        new(ScoringText.Format("Error_" + problem, Text, args), problem, row, column,
            value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture), inner);

    /// <summary>Reads a .csv or .xlsx by its extension (anything but .xlsx is read as CSV).</summary>
    public static IReadOnlyList<ScoreRow> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw Fail("FileNotFound", null, null, path, [path]);
        }

        var extension = Path.GetExtension(path).ToUpperInvariant();
        if (extension is ".XLS" or ".XLSM" or ".XLSB" or ".ODS")
        {
            throw Fail("UnsupportedFormat", null, null, path, [path]);
        }

        try
        {
            if (extension == ".XLSX")
            {
                using var stream = File.OpenRead(path);
                return ReadXlsx(stream, path);
            }

            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return ReadCsv(reader, path);
        }
        catch (ScoreFileException)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException
                                      or InvalidOperationException or ArgumentException or NotSupportedException
                                      or System.Xml.XmlException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException)
        {
            // A corrupt or foreign file (e.g. a renamed .ods) surfaces as one of these from the zip/OpenXML stack.
            throw Fail("Unreadable", null, null, path, [path, e.Message], e);
        }
    }

    /// <summary>
    /// Reads a CSV whose first non-empty line is a header naming columns U1..U9 (other columns are
    /// ignored). The separator is detected from the header: Indonesian Excel writes ';'.
    /// </summary>
    public static IReadOnlyList<ScoreRow> ReadCsv(TextReader reader, string sourceName = "CSV")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var content = reader.ReadToEnd();
        var header = FirstNonEmptyLine(content);
        if (header is null)
        {
            throw Fail("EmptyFile", null, null, sourceName, [sourceName]);
        }

        var records = CsvRecords(content, DetectSeparator(header)).Where(r => r.Fields.Any(f => f.Trim().Length > 0)).ToList();
        var headerRecord = records[0];
        // A byte-order mark survives when the caller's reader did not strip it (Excel's "CSV UTF-8" writes one).
        var columns = ElementColumns(headerRecord.Line, headerRecord.Fields.Select(f => f.Trim().TrimStart('\uFEFF').Trim()).ToList());

        var rows = new List<ScoreRow>();
        foreach (var record in records.Skip(1))
        {
            var answers = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (code, index) in columns)
            {
                var cell = index < record.Fields.Count ? record.Fields[index].Trim() : string.Empty;
                if (cell.Length > 0)
                {
                    answers[code] = ParseAnswer(cell, record.Line, code);
                }
            }

            rows.Add(new ScoreRow(record.Line, new Respondent(answers)));
        }

        return rows;
    }

    /// <summary>
    /// Reads the official layout: sheet <see cref="PengolahanLayout.SheetName"/> (else the first sheet),
    /// header = first row with a cell "U1", respondents directly below, stopping at the first row whose
    /// first column is not a positive integer (the "Jumlah nilai per unsur" row) or is empty.
    /// </summary>
    public static IReadOnlyList<ScoreRow> ReadXlsx(Stream stream, string sourceName = "XLSX")
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var workbook = OpenWorkbook(stream, sourceName);
        var sheet = workbook.Worksheets.TryGetWorksheet(PengolahanLayout.SheetName, out var named)
            ? named
            : workbook.Worksheets.First();

        var headerCell = sheet.CellsUsed()
                .Where(c => !c.HasFormula)
                .OrderBy(c => c.Address.RowNumber)
                .ThenBy(c => c.Address.ColumnNumber)
                .FirstOrDefault(c => CellText(c) == PengolahanLayout.HeaderMarker)
            ?? throw Fail("NoHeader", null, null, sheet.Name, [sheet.Name]);
        var headerRow = headerCell.Address.RowNumber;

        var headerCells = sheet.Row(headerRow).CellsUsed().ToList();
        var firstColumn = headerCells.Min(c => c.Address.ColumnNumber);
        var lastColumn = headerCells.Max(c => c.Address.ColumnNumber);
        var headerTexts = Enumerable.Range(firstColumn, lastColumn - firstColumn + 1)
            .Select(column => CellText(sheet.Cell(headerRow, column)))
            .ToList();
        var columns = ElementColumns(headerRow, headerTexts);

        var rows = new List<ScoreRow>();
        for (var rowNumber = headerRow + 1; rowNumber <= XLHelper.MaxRowNumber; rowNumber++)
        {
            if (!IsRespondentNumber(sheet.Cell(rowNumber, firstColumn)))
            {
                break;
            }

            var answers = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (code, index) in columns)
            {
                var cell = sheet.Cell(rowNumber, firstColumn + index);
                if (CellAnswer(cell, rowNumber, code) is { } answer)
                {
                    answers[code] = answer;
                }
            }

            rows.Add(new ScoreRow(rowNumber, new Respondent(answers)));
        }

        return rows;
    }

    private static XLWorkbook OpenWorkbook(Stream stream, string sourceName)
    {
        try
        {
            return new XLWorkbook(stream);
        }
#pragma warning disable CA1031 // ClosedXML 0.95.4 fails on a zip that is not a workbook with anything, even NullReferenceException.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw Fail("Unreadable", null, null, sourceName, [sourceName, e.Message], e);
        }
    }

    private static List<(string Code, int Index)> ElementColumns(int headerRow, IReadOnlyList<string> headers)
    {
        var columns = new List<(string Code, int Index)>();
        foreach (var code in SkmElements.Codes)
        {
            var matches = headers.Select((text, index) => (text, index))
                .Where(h => string.Equals(h.text, code, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (matches.Count == 0)
            {
                throw Fail("MissingColumn", headerRow, code, null, [headerRow, code]);
            }

            if (matches.Count > 1)
            {
                throw Fail("DuplicateColumn", headerRow, code, null, [headerRow, code]);
            }

            columns.Add((code, matches[0].index));
        }

        return columns;
    }

    private static int ParseAnswer(string text, int row, string code)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw Fail("NotWholeNumber", row, code, text, [row, code, text]);
        }

        return CheckRange(value, row, code);
    }

    private static int CheckRange(long value, int row, string code)
    {
        if (!ScoreScale.Skm.Contains(value))
        {
            throw Fail("OutOfRange", row, code, value, [row, code, value]);
        }

        return (int)value;
    }

    private static int? CellAnswer(IXLCell cell, int row, string code)
    {
        switch (cell.Value)
        {
            case null:
                return null;
            case string text when text.Trim().Length == 0:
                return null;
            case string text:
                return ParseAnswer(text.Trim(), row, code);
            case double number when number == Math.Floor(number) && Math.Abs(number) < int.MaxValue:
                return CheckRange((long)number, row, code);
            default:
                var shown = Convert.ToString(cell.Value, CultureInfo.InvariantCulture) ?? string.Empty;
                throw Fail("NotWholeNumber", row, code, shown, [row, code, shown]);
        }
    }

    private static bool IsRespondentNumber(IXLCell cell) => cell.Value switch
    {
        double number => number >= 1 && number == Math.Floor(number),
        string text => long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1,
        _ => false,
    };

    private static string CellText(IXLCell cell) =>
        (Convert.ToString(cell.Value, CultureInfo.InvariantCulture) ?? string.Empty).Trim();

    private static string? FirstNonEmptyLine(string content)
    {
        using var lines = new StringReader(content);
        while (lines.ReadLine() is { } line)
        {
            if (line.Trim().Length > 0)
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>The separator that occurs most often in the header outside quotes; ',' when none does. Also read by the counter-list import.</summary>
    public static char DetectSeparator(string header)
    {
        var counts = new Dictionary<char, int> { [','] = 0, [';'] = 0, ['\t'] = 0 };
        var quoted = false;
        foreach (var c in header)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && counts.ContainsKey(c))
            {
                counts[c]++;
            }
        }

        var best = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key == ',' ? 0 : 1).First();
        return best.Value > 0 ? best.Key : ',';
    }

    /// <summary>RFC 4180 records: quoted fields may hold separators, doubled quotes and line breaks. Throws <see cref="ScoreFileException"/> with the line of an unclosed quote.</summary>
    public static IEnumerable<(int Line, List<string> Fields)> CsvRecords(string content, char separator)
    {
        var line = 1;
        var recordLine = 1;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var quoteLine = 0;

        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < content.Length && content[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
                quoteLine = line;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < content.Length && content[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                yield return (recordLine, fields);
                fields = [];
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw Fail("UnclosedQuote", quoteLine, null, null, [quoteLine]);
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (recordLine, fields);
        }
    }
}

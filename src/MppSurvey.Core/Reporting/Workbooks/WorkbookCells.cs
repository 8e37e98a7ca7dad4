using System.Text;
using ClosedXML.Excel;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// Writes cells the way every sheet of the exports needs them: numbers as numbers with a number format,
/// text as inert strings, explicit column widths.
/// </summary>
/// <remarks>
/// Number formats (decision): every numeric format starts with the locale tag [$-421] (LCID 0x0421,
/// Indonesian); the cell still holds the number (88.61), only its display changes. The format code itself
/// always uses '.' and ',' as placeholders. LibreOffice formats a tagged cell with Indonesian separators
/// whatever its own locale (checked with LibreOffice 7.4 headless, locale C: 88,61 / 12.345 / 60,0% /
/// -3,20). Excel takes separators from the system (or its own separator option) and uses the tag for
/// date names and calendar only, so Excel on an Indonesian office PC (id-ID) shows 88,61 and on an
/// English one 88.61: the tag costs nothing there. A decimal comma on every viewer would need text cells,
/// which the issue forbids. Dates carry no tag: dd/mm/yyyy is day-first already.
/// </remarks>
internal static class WorkbookCells
{
    /// <summary>The locale tag of Indonesian (LCID 0x0421) that starts every numeric format (see remarks).</summary>
    public const string IndonesianLocale = "[$-421]";

    /// <summary>Counts: grouped thousands (10.000).</summary>
    public const string CountFormat = IndonesianLocale + "#,##0";

    /// <summary>IKM konversi, NRR x 25 and interval bounds: two decimals like the regulation's grade table.</summary>
    public const string IndexFormat = IndonesianLocale + "0.00";

    /// <summary>Signed change in points, so that a fall is visibly negative and a rise visibly positive.</summary>
    public const string ChangeFormat = IndonesianLocale + "+0.00;-0.00;0.00";

    /// <summary>NRR on the 1-4 scale.</summary>
    public const string NrrFormat = IndonesianLocale + "0.000";

    /// <summary>IKM on the 1-4 scale and weighted NRRs: four decimals like the grade table's 3.5324.</summary>
    public const string FineFormat = IndonesianLocale + "0.0000";

    /// <summary>p-values.</summary>
    public const string PValueFormat = IndonesianLocale + "0.0000";

    /// <summary>Shares of the respondent profile.</summary>
    public const string PercentFormat = IndonesianLocale + "0.0%";

    /// <summary>Small whole numbers such as ranks and perception values.</summary>
    public const string WholeFormat = IndonesianLocale + "0";

    /// <summary>Dates as Indonesians write them (day first).</summary>
    public const string DateFormat = "dd/mm/yyyy";

    /// <summary>Excel refuses longer cell texts.</summary>
    public const int MaxCellTextLength = 32767;

    /// <summary>The height of one line of 11-point text, in points.</summary>
    private const double DefaultRowHeight = 15;

    private static readonly XLColor HeaderFill = XLColor.FromArgb(0xDD, 0xEB, 0xF7);

    /// <summary>
    /// Writes text that must stay text: visitor input (a saran starting with '=', '+', '-' or '@'),
    /// region codes such as "11.10", labels. SetValue with a string stores a string cell (checked by a
    /// test on the sheet XML); assigning <c>.Value</c> instead would turn "0812" into 812 and
    /// "2025-08-01" into a date. A formula-like text also gets the quote prefix, so that editing the
    /// cell in Excel (F2, Enter) cannot turn it into a live formula either.
    /// </summary>
    public static IXLCell SetText(this IXLCell cell, string? text)
    {
        var clean = Clean(text);
        if (clean.Length == 0)
        {
            // No text is no cell: an empty string would count as filled in COUNTA and ISBLANK.
            return cell;
        }

        cell.SetValue(clean);
        cell.DataType = XLDataType.Text;
        if (clean[0] is '=' or '+' or '-' or '@')
        {
            cell.Style.IncludeQuotePrefix = true;
        }

        return cell;
    }

    /// <summary>A number with its display format.</summary>
    public static IXLCell SetNumber(this IXLCell cell, decimal value, string format)
    {
        cell.SetValue(value);
        cell.Style.NumberFormat.Format = format;
        return cell;
    }

    /// <summary>A number with its display format.</summary>
    public static IXLCell SetNumber(this IXLCell cell, double value, string format)
    {
        cell.SetValue(value);
        cell.Style.NumberFormat.Format = format;
        return cell;
    }

    /// <summary>A whole number with its display format.</summary>
    public static IXLCell SetNumber(this IXLCell cell, long value, string format)
    {
        cell.SetValue(value);
        cell.Style.NumberFormat.Format = format;
        return cell;
    }

    /// <summary>A count.</summary>
    public static IXLCell SetCount(this IXLCell cell, long value) => cell.SetNumber(value, CountFormat);

    /// <summary>A number, or nothing when there is none (an empty cell, never 0).</summary>
    public static void SetNumberOrBlank(this IXLCell cell, decimal? value, string format)
    {
        if (value is { } v)
        {
            cell.SetNumber(v, format);
        }
    }

    /// <summary>A number, or nothing when there is none (an empty cell, never 0).</summary>
    public static void SetNumberOrBlank(this IXLCell cell, double? value, string format)
    {
        if (value is { } v && double.IsFinite(v))
        {
            cell.SetNumber(v, format);
        }
    }

    /// <summary>A sheet title in bold.</summary>
    public static void Title(IXLWorksheet sheet, int row, string text)
    {
        sheet.Cell(row, 1).SetText(text).Style.Font.SetBold().Font.SetFontSize(13);
    }

    /// <summary>A header row: bold on a light fill, starting at <paramref name="firstColumn"/>.</summary>
    public static void Header(IXLWorksheet sheet, int row, int firstColumn, IReadOnlyList<string> labels)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            sheet.Cell(row, firstColumn + i).SetText(labels[i]);
        }

        var range = sheet.Range(row, firstColumn, row, firstColumn + labels.Count - 1);
        range.Style.Font.Bold = true;
        range.Style.Fill.BackgroundColor = HeaderFill;
        range.Style.Alignment.WrapText = true;
        range.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;

        // Viewers keep a stored row height even for wrapped text (and AdjustToContents cannot run here), so
        // the height is set from the labels and the explicit column widths: a line per width, at most three.
        var lines = labels.Select((label, i) => (int)Math.Ceiling(label.Length / Math.Max(1, sheet.Column(firstColumn + i).Width - 1))).Max();
        sheet.Row(row).Height = DefaultRowHeight * Math.Clamp(lines, 1, 3);
    }

    /// <summary>
    /// Column widths in characters, set explicitly: AdjustToContents needs System.Drawing, which ClosedXML
    /// 0.95.4 cannot use on Linux (stack-notes.md).
    /// </summary>
    /// <remarks>The print setup is computed from these widths afterwards (<see cref="WorkbookPrint"/>).</remarks>
    public static void Widths(IXLWorksheet sheet, params double[] widths)
    {
        for (var i = 0; i < widths.Length; i++)
        {
            sheet.Column(i + 1).Width = widths[i];
        }
    }

    /// <summary>A label in column A and a text value in column B; returns the next row.</summary>
    public static int LabelledText(IXLWorksheet sheet, int row, string label, string? value)
    {
        sheet.Cell(row, 1).SetText(label);
        sheet.Cell(row, 2).SetText(value);
        return row + 1;
    }

    /// <summary>
    /// Removes what an .xlsx cannot hold: characters that XML 1.0 forbids (control characters, lone
    /// surrogates; a visitor's pasted text can contain them and the save would fail) and anything past
    /// Excel's 32,767 characters per cell.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var result = text;
        if (FirstInvalid(text) is { } first)
        {
            var builder = new StringBuilder(text.Length).Append(text, 0, first);
            for (var i = first; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    builder.Append(text, i, 2);
                    i++;
                }
                else if (IsXmlCharacter(text[i]))
                {
                    builder.Append(text[i]);
                }
            }

            result = builder.ToString();
        }

        if (result.Length > MaxCellTextLength)
        {
            // Never cut a surrogate pair in half.
            var length = char.IsHighSurrogate(result[MaxCellTextLength - 1]) ? MaxCellTextLength - 1 : MaxCellTextLength;
            result = result[..length];
        }

        return result;
    }

    private static int? FirstInvalid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!IsXmlCharacter(text[i]))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>A single UTF-16 unit that XML 1.0 allows on its own (a surrogate never is).</summary>
    private static bool IsXmlCharacter(char c) =>
        c is '\t' or '\n' or '\r' || (c >= ' ' && !char.IsSurrogate(c) && c is not '\uFFFE' and not '\uFFFF');

    /// <summary>The performance label of a grade (Sangat Baik ... Tidak Baik).</summary>
    public static string GradeLabel(Grade grade) => Grading.Label(grade, ScoringText.Indonesian);
}

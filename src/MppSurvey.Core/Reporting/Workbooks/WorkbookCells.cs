using System.Text;
using ClosedXML.Excel;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// Writes cells the way every sheet of the exports needs them: numbers as numbers with a number format,
/// text as inert strings, explicit column widths.
/// </summary>
/// <remarks>
/// Number formats (decision): the format codes are plain ("0.00", "#,##0") without a locale tag. In an
/// .xlsx the format code always uses '.' and ',' as placeholders and the viewer renders them with its
/// own separators, so the Excel or LibreOffice of an Indonesian regional office (regional settings id-ID)
/// shows 88,61 and 10.000 while the cell still holds the number 88.61. A locale tag such as [$-421] does
/// not change that in Excel: it selects the language of month and day names, the calendar and the
/// numeral system (ECMA-376 part 1, numFmt "International considerations"), never the separators.
/// The only way to force a comma on an English-locale viewer would be text, which the issue forbids.
/// </remarks>
internal static class WorkbookCells
{
    /// <summary>Counts: grouped thousands (10.000 in an Indonesian viewer).</summary>
    public const string CountFormat = "#,##0";

    /// <summary>IKM konversi, NRR x 25 and interval bounds: two decimals like the regulation's grade table.</summary>
    public const string IndexFormat = "0.00";

    /// <summary>Signed change in points, so that a fall is visibly negative and a rise visibly positive.</summary>
    public const string ChangeFormat = "+0.00;-0.00;0.00";

    /// <summary>NRR on the 1-4 scale.</summary>
    public const string NrrFormat = "0.000";

    /// <summary>IKM on the 1-4 scale and weighted NRRs: four decimals like the grade table's 3.5324.</summary>
    public const string FineFormat = "0.0000";

    /// <summary>p-values.</summary>
    public const string PValueFormat = "0.0000";

    /// <summary>Shares of the respondent profile.</summary>
    public const string PercentFormat = "0.0%";

    /// <summary>Dates as Indonesians write them (day first).</summary>
    public const string DateFormat = "dd/mm/yyyy";

    /// <summary>Excel refuses longer cell texts.</summary>
    public const int MaxCellTextLength = 32767;

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
        cell.SetValue(clean);
        cell.DataType = XLDataType.Text;
        if (clean.Length > 0 && clean[0] is '=' or '+' or '-' or '@')
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
    }

    /// <summary>
    /// Column widths in characters, set explicitly: AdjustToContents needs System.Drawing, which ClosedXML
    /// 0.95.4 cannot use on Linux (stack-notes.md).
    /// </summary>
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

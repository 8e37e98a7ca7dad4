using ClosedXML.Excel;
using MppSurvey.Core.Scoring;

namespace MppSurvey.UnitTests.Scoring;

/// <summary>Writes test workbooks in the official tabel pengolahan data layout with ClosedXML (no binary fixtures).</summary>
internal static class PengolahanWorkbook
{
    /// <summary>
    /// An info sheet first (so the reader must pick the named sheet), then "Pengolahan Data" with two title rows,
    /// a blank row, the header in row 4 starting at column A, respondents in rows 5.., then the summary rows with formulas.
    /// </summary>
    public static void Write(string path, IReadOnlyList<int?[]> answers, bool numbersAsText = false, string sheetName = PengolahanLayout.SheetName, bool infoSheetFirst = true)
    {
        using var workbook = new XLWorkbook();
        if (infoSheetFirst)
        {
            workbook.AddWorksheet("Info").Cell(1, 1).Value = "Survei Kepuasan Masyarakat";
        }

        var sheet = workbook.AddWorksheet(sheetName);
        sheet.Cell(1, 1).Value = "TABEL PENGOLAHAN DATA SURVEI KEPUASAN MASYARAKAT";
        sheet.Cell(2, 1).Value = "Unit pelayanan: MPP Contoh";
        const int header = 4;
        sheet.Cell(header, 1).Value = PengolahanLayout.NumberHeader;
        for (var c = 0; c < PengolahanLayout.ElementHeaders.Count; c++)
        {
            sheet.Cell(header, c + 2).Value = PengolahanLayout.ElementHeaders[c];
        }

        for (var r = 0; r < answers.Count; r++)
        {
            var row = header + 1 + r;
            sheet.Cell(row, 1).Value = r + 1;
            for (var c = 0; c < answers[r].Length; c++)
            {
                if (answers[r][c] is { } answer)
                {
                    var cell = sheet.Cell(row, c + 2);
                    if (numbersAsText)
                    {
                        cell.SetValue(answer.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        cell.DataType = XLDataType.Text;
                    }
                    else
                    {
                        cell.Value = answer;
                    }
                }
            }
        }

        var sumRow = header + 1 + answers.Count;
        sheet.Cell(sumRow, 1).Value = PengolahanLayout.SumRowLabel;
        sheet.Cell(sumRow + 1, 1).Value = PengolahanLayout.NrrRowLabel;
        sheet.Cell(sumRow + 2, 1).Value = PengolahanLayout.WeightedNrrRowLabel;
        sheet.Cell(sumRow + 3, 1).Value = PengolahanLayout.IndexRowLabel;
        for (var c = 2; c <= 10; c++)
        {
            var column = XLHelper.GetColumnLetterFromNumber(c);
            sheet.Cell(sumRow, c).FormulaA1 = $"SUM({column}{header + 1}:{column}{sumRow - 1})";
            sheet.Cell(sumRow + 1, c).FormulaA1 = $"{column}{sumRow}/COUNT({column}{header + 1}:{column}{sumRow - 1})";
        }

        // A legend below, which must not be read as respondents.
        sheet.Cell(sumRow + 5, 1).Value = "U1";
        sheet.Cell(sumRow + 5, 2).Value = "Persyaratan";
        workbook.SaveAs(path);
    }

    public static IReadOnlyList<int?[]> WorkedExample() =>
        Scoring.WorkedExample.Answers.Select(row => row.Select(a => (int?)a).ToArray()).ToList();
}

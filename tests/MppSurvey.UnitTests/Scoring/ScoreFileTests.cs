using MppSurvey.Core.Scoring;

namespace MppSurvey.UnitTests.Scoring;

/// <summary>Reading CSV (',' or ';') and the official .xlsx layout; errors name the row and column.</summary>
public sealed class ScoreFileTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Csv_with_commas_reads_all_respondents_and_ignores_other_columns()
    {
        var rows = ScoreFile.Read(folder.Write("contoh.csv", WorkedExample.Csv(',')));

        Assert.Equal(10, rows.Count);
        Assert.Equal(2, rows[0].RowNumber); // the header is row 1
        Assert.Equal(319, rows.Sum(r => r.Respondent.Answers.Values.Sum()));
        Assert.Equal(88.61m, IndexCalculator.Skm(rows.Select(r => r.Respondent)).ConvertedRounded);
    }

    [Fact]
    public void Csv_with_a_byte_order_mark_before_U1_still_finds_U1()
    {
        var rows = ScoreFile.ReadCsv(new StringReader("\uFEFFU1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,4\n"));

        Assert.Equal(4, Assert.Single(rows).Respondent.Answers["U1"]);
    }

    [Fact]
    public void Csv_with_semicolons_is_detected_from_the_header()
    {
        var rows = ScoreFile.Read(folder.Write("contoh.csv", WorkedExample.Csv(';')));

        Assert.Equal(10, rows.Count);
        Assert.Equal(88.61m, IndexCalculator.Skm(rows.Select(r => r.Respondent)).ConvertedRounded);
    }

    [Fact]
    public void A_blank_csv_cell_is_no_answer()
    {
        var csv = "U1;U2;U3;U4;U5;U6;U7;U8;U9\r\n4;4;4;;4;4;4;3;4\r\n3;3;3;4;3;3;3;3;3\r\n;;;;;;;;\r\n";

        var rows = ScoreFile.Read(folder.Write("blank.csv", csv));

        Assert.Equal(2, rows.Count); // the all-empty trailing row is not a respondent
        Assert.False(rows[0].Respondent.Answers.ContainsKey("U4"));
        Assert.Equal(8, rows[0].Respondent.Answers.Count);
    }

    [Fact]
    public void Csv_value_outside_1_to_4_names_row_and_column()
    {
        var lines = WorkedExample.Csv().Split('\n');
        lines[4] = lines[4].Replace("2025-08-01,3,3,2,", "2025-08-01,3,3,7,", StringComparison.Ordinal); // R4 is on line 5

        var error = Assert.Throws<ScoreFileException>(() => ScoreFile.Read(folder.Write("bad.csv", string.Join('\n', lines))));

        Assert.Equal(5, error.Row);
        Assert.Equal("U3", error.Column);
        Assert.Contains("baris 5, kolom U3: nilai 7 di luar 1-4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_text_that_is_not_a_whole_number_names_row_and_column()
    {
        var error = Assert.Throws<ScoreFileException>(() => ScoreFile.Read(folder.Write("bad.csv", "U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,4\n4,4,4,4,4,3.5,4,4,4\n")));

        Assert.Equal(3, error.Row);
        Assert.Equal("U6", error.Column);
        Assert.Contains("'3.5'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_without_a_U_column_names_the_missing_column()
    {
        var error = Assert.Throws<ScoreFileException>(() => ScoreFile.Read(folder.Write("missing.csv", "No,U1,U2,U3,U4,U5,U6,U8,U9\n1,4,4,4,4,4,4,4,4\n")));

        Assert.Equal(1, error.Row);
        Assert.Equal("U7", error.Column);
        Assert.Contains("baris 1: kolom U7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_csv_fields_may_hold_separators_and_line_breaks()
    {
        var csv = "Saran,U1,U2,U3,U4,U5,U6,U7,U8,U9\n\"antrian, \"\"lama\"\"\nsekali\",4,4,4,4,4,4,4,4,4\nbaik,3,3,3,3,3,3,3,3,8\n";

        var error = Assert.Throws<ScoreFileException>(() => ScoreFile.Read(folder.Write("quoted.csv", csv)));

        Assert.Equal(4, error.Row); // the quoted record spans lines 2-3
        Assert.Equal("U9", error.Column);
    }

    [Fact]
    public void Official_xlsx_layout_reads_the_named_sheet_and_stops_at_the_sum_row()
    {
        var path = folder.PathOf("pengolahan.xlsx");
        PengolahanWorkbook.Write(path, PengolahanWorkbook.WorkedExample());

        var rows = ScoreFile.Read(path);

        Assert.Equal(10, rows.Count);
        Assert.Equal(5, rows[0].RowNumber);
        Assert.Equal(14, rows[^1].RowNumber);
        Assert.Equal(88.61m, IndexCalculator.Skm(rows.Select(r => r.Respondent)).ConvertedRounded);
    }

    [Fact]
    public void Xlsx_without_the_named_sheet_uses_the_first_sheet_and_accepts_integer_text()
    {
        var path = folder.PathOf("lain.xlsx");
        PengolahanWorkbook.Write(path, PengolahanWorkbook.WorkedExample(), numbersAsText: true, sheetName: "Sheet1", infoSheetFirst: false);
        using (var written = new ClosedXML.Excel.XLWorkbook(path))
        {
            Assert.Equal(ClosedXML.Excel.XLDataType.Text, written.Worksheet(1).Cell("B5").DataType); // really text, not a number
        }

        var rows = ScoreFile.Read(path);

        Assert.Equal(10, rows.Count);
        Assert.Equal(88.61m, IndexCalculator.Skm(rows.Select(r => r.Respondent)).ConvertedRounded);
    }

    [Fact]
    public void Xlsx_blank_cell_is_no_answer_and_bad_cell_names_the_excel_row()
    {
        var answers = PengolahanWorkbook.WorkedExample();
        answers[9][3] = null; // R10 leaves U4 blank
        var blankPath = folder.PathOf("blank.xlsx");
        PengolahanWorkbook.Write(blankPath, answers);

        var index = IndexCalculator.Skm(ScoreFile.Read(blankPath).Select(r => r.Respondent));
        Assert.Equal(9, index.Elements.Single(e => e.Code == "U4").Answered);
        Assert.Equal(88.61m, index.ConvertedRounded);

        answers[2][8] = 0; // R3 (Excel row 7) answers U9 with 0
        var badPath = folder.PathOf("bad.xlsx");
        PengolahanWorkbook.Write(badPath, answers);
        var error = Assert.Throws<ScoreFileException>(() => ScoreFile.Read(badPath));
        Assert.Equal(7, error.Row);
        Assert.Equal("U9", error.Column);
        Assert.Contains("baris 7, kolom U9: nilai 0 di luar 1-4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_or_missing_files_are_reported()
    {
        var garbage = folder.Write("rusak.xlsx", "this is not a zip file");
        var foreignZip = folder.PathOf("bukan-buku-kerja.xlsx");
        using (var zip = System.IO.Compression.ZipFile.Open(foreignZip, System.IO.Compression.ZipArchiveMode.Create))
        {
            zip.CreateEntry("catatan.txt"); // a zip, but not a workbook: ClosedXML throws NullReferenceException
        }

        Assert.Contains("tidak dapat dibaca", Assert.Throws<ScoreFileException>(() => ScoreFile.Read(foreignZip)).Message, StringComparison.Ordinal);

        var unreadable = Assert.Throws<ScoreFileException>(() => ScoreFile.Read(garbage));
        var missing = Assert.Throws<ScoreFileException>(() => ScoreFile.Read(folder.PathOf("tidak-ada.csv")));
        var legacyExcel = Assert.Throws<ScoreFileException>(() => ScoreFile.Read(folder.Write("lama.xls", "x")));

        Assert.Contains("tidak dapat dibaca", unreadable.Message, StringComparison.Ordinal);
        Assert.Contains("tidak ditemukan", missing.Message, StringComparison.Ordinal);
        Assert.Contains("tidak didukung", legacyExcel.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_has_no_header()
    {
        var error = Assert.Throws<ScoreFileException>(() => ScoreFile.Read(folder.Write("kosong.csv", "\n\n")));

        Assert.Contains("kosong", error.Message, StringComparison.Ordinal);
    }
}

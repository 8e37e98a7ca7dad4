using System.Text.Json;
using MppSurvey.Core.Scoring;

namespace MppSurvey.UnitTests.Scoring;

/// <summary>The score tool (./run score FILE [--json]) called as ScoreTool.Run with StringWriters.</summary>
public sealed class ScoreToolTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = ScoreTool.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Worked_example_csv_prints_88_61_and_grade_A_in_Indonesian()
    {
        var (exit, output, error) = Run(folder.Write("contoh.csv", WorkedExample.Csv()));

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Contains("IKM unit pelayanan (IKM x 25): 88.61", output, StringComparison.Ordinal);
        Assert.Contains("Mutu pelayanan: A (Sangat Baik)", output, StringComparison.Ordinal);
        Assert.Contains("Jumlah responden: 10", output, StringComparison.Ordinal);
        Assert.Contains("U3 (3.10), U8 (3.20), U9 (3.40)", output, StringComparison.Ordinal);
        Assert.Contains("bukan angka resmi", output, StringComparison.Ordinal);
        Assert.Contains("bobot 0.11: 87.73 (B)", output, StringComparison.Ordinal);
        Assert.Contains("Waktu Penyelesaian", output, StringComparison.Ordinal); // the element table names U3
    }

    [Fact]
    public void Json_output_has_the_documented_fields()
    {
        var (exit, output, _) = Run(folder.Write("contoh.csv", WorkedExample.Csv()), "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(10, root.GetProperty("respondents").GetInt32());
        Assert.Equal(3.5444444444444444444444444444m, root.GetProperty("ikm").GetDecimal());
        Assert.Equal("88.61", root.GetProperty("converted").GetRawText());
        Assert.Equal("A", root.GetProperty("grade").GetString());
        Assert.Equal("Sangat Baik", root.GetProperty("label").GetString());

        var elements = root.GetProperty("elements").EnumerateArray().ToList();
        Assert.Equal(SkmElements.Codes, elements.Select(e => e.GetProperty("code").GetString()));
        Assert.Equal(new[] { 36, 35, 31, 40, 36, 37, 38, 32, 34 }, elements.Select(e => e.GetProperty("sum").GetInt32()));
        Assert.All(elements, e => Assert.Equal(10, e.GetProperty("answered").GetInt32()));
        Assert.Equal(3.6m, elements[0].GetProperty("nrr").GetDecimal());

        Assert.Equal(["U3", "U8", "U9"], root.GetProperty("lowest").EnumerateArray().Select(e => e.GetString()));

        // scipy t interval (reference_values.py): [81.6989642250, 95.5232579973] -> 81.70, 95.52.
        var ci = root.GetProperty("ci95").EnumerateArray().Select(e => e.GetDecimal()).ToList();
        Assert.Equal([81.70m, 95.52m], ci);

        var legacy = root.GetProperty("legacy").EnumerateArray().ToList();
        Assert.Equal("0.111", legacy[0].GetProperty("weight").GetRawText());
        Assert.Equal("88.52", legacy[0].GetProperty("converted").GetRawText());
        Assert.Equal("0.11", legacy[1].GetProperty("weight").GetRawText());
        Assert.Equal("87.73", legacy[1].GetProperty("converted").GetRawText());
        Assert.Equal("B", legacy[1].GetProperty("grade").GetString());
        Assert.All(legacy, l => Assert.False(l.GetProperty("official").GetBoolean()));
        Assert.Contains("bukan angka resmi", root.GetProperty("legacyNote").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Official_layout_xlsx_gives_the_same_json_as_the_csv()
    {
        var xlsx = folder.PathOf("pengolahan.xlsx");
        PengolahanWorkbook.Write(xlsx, PengolahanWorkbook.WorkedExample());

        var fromCsv = Run(folder.Write("contoh.csv", WorkedExample.Csv()), "--json");
        var fromSemicolonCsv = Run(folder.Write("titik-koma.csv", WorkedExample.Csv(';')), "--json");
        var fromXlsx = Run(xlsx, "--json");

        Assert.Equal(0, fromXlsx.Exit);
        Assert.Equal(fromCsv.Out, fromXlsx.Out);
        Assert.Equal(fromCsv.Out, fromSemicolonCsv.Out);
    }

    [Fact]
    public void All_answers_4_print_100_00_with_two_decimals()
    {
        var csv = "U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,4\n4,4,4,4,4,4,4,4,4\n";

        var (exit, output, _) = Run(folder.Write("penuh.csv", csv), "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("100.00", json.RootElement.GetProperty("converted").GetRawText());
        Assert.Equal([100.00m, 100.00m], json.RootElement.GetProperty("ci95").EnumerateArray().Select(e => e.GetDecimal()));
    }

    [Fact]
    public void Blank_cells_are_no_answer_in_the_tool()
    {
        var lines = WorkedExample.Csv().Split('\n');
        lines[10] = lines[10].Replace("2025-08-01,4,4,3,4,", "2025-08-01,4,4,3,,", StringComparison.Ordinal); // R10 leaves U4 blank

        var (exit, output, _) = Run(folder.Write("kosong-u4.csv", string.Join('\n', lines)), "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var u4 = json.RootElement.GetProperty("elements")[3];
        Assert.Equal(9, u4.GetProperty("answered").GetInt32());
        Assert.Equal(36, u4.GetProperty("sum").GetInt32());
        Assert.Equal("88.61", json.RootElement.GetProperty("converted").GetRawText());
    }

    [Fact]
    public void A_cell_outside_1_to_4_exits_non_zero_naming_row_and_column()
    {
        var lines = WorkedExample.Csv().Split('\n');
        lines[4] = lines[4].Replace("2025-08-01,3,3,2,", "2025-08-01,3,3,7,", StringComparison.Ordinal);

        var (exit, output, error) = Run(folder.Write("salah.csv", string.Join('\n', lines)));

        Assert.NotEqual(0, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("baris 5, kolom U3: nilai 7 di luar 1-4", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_U_column_exits_non_zero_naming_it()
    {
        var (exit, _, error) = Run(folder.Write("tanpa-u8.csv", "U1,U2,U3,U4,U5,U6,U7,U9\n4,4,4,4,4,4,4,4\n"));

        Assert.NotEqual(0, exit);
        Assert.Contains("baris 1: kolom U8", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_file_exits_non_zero_with_a_message()
    {
        var garbage = Run(folder.Write("rusak.xlsx", "bukan xlsx"));
        var missing = Run(folder.PathOf("tidak-ada.csv"));

        Assert.NotEqual(0, garbage.Exit);
        Assert.Contains("tidak dapat dibaca", garbage.Err, StringComparison.Ordinal);
        Assert.NotEqual(0, missing.Exit);
        Assert.Contains("tidak ditemukan", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_any_answer_exits_non_zero()
    {
        var (exit, _, error) = Run(folder.Write("kosong.csv", "U1,U2,U3,U4,U5,U6,U7,U8,U9\n"));

        Assert.NotEqual(0, exit);
        Assert.Contains("tidak ada responden", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_command_lines_exit_with_the_usage()
    {
        Assert.Equal(ScoreTool.ExitUsage, Run().Exit);
        Assert.Equal(ScoreTool.ExitUsage, Run("a.csv", "--xml").Exit);
        Assert.Equal(ScoreTool.ExitUsage, Run("a.csv", "b.csv").Exit);
        Assert.Contains("Penggunaan", Run().Err, StringComparison.Ordinal);
        Assert.Equal(0, Run("--help").Exit);
    }

    [Fact]
    public void Population_option_checks_the_sample_against_Krejcie_and_Morgan()
    {
        var path = folder.Write("contoh.csv", WorkedExample.Csv());

        var (exit, output, _) = Run(path, "--json", "--populasi", "1000");
        var text = Run(path, "--population", "10");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var sample = json.RootElement.GetProperty("sample");
        Assert.Equal(278, sample.GetProperty("required").GetInt32());
        Assert.False(sample.GetProperty("sufficient").GetBoolean());
        Assert.Contains("minimal (Krejcie & Morgan, populasi 10): 10 responden; terpenuhi", text.Out, StringComparison.Ordinal);
    }
}

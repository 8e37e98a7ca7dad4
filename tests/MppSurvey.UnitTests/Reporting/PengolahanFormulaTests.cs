using System.Globalization;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Scoring;
using static MppSurvey.UnitTests.Reporting.WorkbookSamples;

namespace MppSurvey.UnitTests.Reporting;

/// <summary>
/// The Pengolahan Data sheet as an auditor gets it: formulas that recompute the index, each saved with the
/// value the scoring engine computed (read from the raw sheet XML, as a viewer that does not calculate does).
/// </summary>
public class PengolahanFormulaTests
{
    // The worked example (docs/method.md, Worked example): respondents in rows 6..15, the summary rows from 16.
    [Theory]
    [InlineData("B16", "SUM(B6:B15)", "36")]
    [InlineData("J16", "SUM(J6:J15)", "34")]
    [InlineData("K16", "SUM(B16:J16)", "319")]
    [InlineData("B17", "COUNT(B6:B15)", "10")]
    [InlineData("D18", "IF(D17=0,\"\",D16/D17)", "3.1")]
    [InlineData("E19", "IF(E18=\"\",\"\",E18/COUNT($B$18:$J$18))", "0.4444444444444444")]
    [InlineData("B20", "ROUND(K19*25,2)", "88.61")]
    [InlineData("K6", "SUM(B6:J6)", "35")] // R1: 4 4 4 4 4 4 4 3 4
    [InlineData("K9", "SUM(B9:J9)", "25")] // R4: 3 3 2 4 3 3 3 3 1
    public void Summary_cells_are_formulas_saved_with_the_engine_value(string reference, string formula, string cached)
    {
        using var package = new XlsxPackage(WriteMall(Example()));

        var cell = package.Cell(PengolahanLayout.SheetName, reference);
        Assert.Equal(formula, cell.Element(XlsxPackage.Main + "f")?.Value);
        Assert.Equal(cached, cell.Element(XlsxPackage.Main + "v")?.Value);
        Assert.Null(cell.Attribute("t")); // a number
    }

    [Fact]
    public void The_cached_ikm_equals_the_stored_result_to_the_cent_and_the_grade_is_a_formula_too()
    {
        var data = Example();
        var stored = IndexCalculator.Skm(data.Tallies);
        using var package = new XlsxPackage(WriteMall(data));

        var ikm = package.Cell(PengolahanLayout.SheetName, "K19");
        Assert.Equal("SUM(B19:J19)", ikm.Element(XlsxPackage.Main + "f")?.Value);
        Assert.Equal((double)stored.Ikm, double.Parse(ikm.Element(XlsxPackage.Main + "v")!.Value, CultureInfo.InvariantCulture));
        var converted = package.Cell(PengolahanLayout.SheetName, "B20");
        Assert.Equal(stored.ConvertedRounded, decimal.Parse(converted.Element(XlsxPackage.Main + "v")!.Value, CultureInfo.InvariantCulture));
        Assert.Equal(88.61m, stored.ConvertedRounded);

        var grade = package.Cell(PengolahanLayout.SheetName, "B21");
        Assert.Equal("str", (string?)grade.Attribute("t"));
        Assert.Equal("IF(B20>=88.31,\"A\",IF(B20>=76.61,\"B\",IF(B20>=65.00,\"C\",\"D\")))", grade.Element(XlsxPackage.Main + "f")?.Value);
        Assert.Equal("A", grade.Element(XlsxPackage.Main + "v")?.Value);
        var label = package.Cell(PengolahanLayout.SheetName, "C21");
        Assert.Equal("Sangat Baik", label.Element(XlsxPackage.Main + "v")?.Value);
        Assert.StartsWith("IF(B21=\"A\",\"Sangat Baik\"", label.Element(XlsxPackage.Main + "f")?.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_answer_is_left_out_of_the_row_total_the_count_and_the_nrr()
    {
        using var package = new XlsxPackage(WriteMall(Example(blankR10U4: true)));

        Assert.Equal("30", Value(package, "K15")); // R10 without U4: 34 - 4
        Assert.Equal("9", Value(package, "E17"));
        Assert.Equal("4", Value(package, "E18"));
        Assert.Equal("88.61", Value(package, "B20")); // not the pooled-mean bug's 88.48
    }

    [Fact]
    public void An_element_nobody_answered_has_an_empty_cached_nrr_and_the_weight_becomes_one_eighth()
    {
        var rows = ExampleRows().Select(r => r with { Answers = [.. r.Answers.Select((a, i) => i == 3 ? null : a)] }).ToList();
        var data = Example() with { Respondents = rows, Tallies = TalliesOf(rows) };
        var stored = IndexCalculator.Skm(data.Tallies);
        using var package = new XlsxPackage(WriteMall(data));

        var nrr = package.Cell(PengolahanLayout.SheetName, "E18");
        Assert.Equal(("str", string.Empty), ((string?)nrr.Attribute("t"), nrr.Element(XlsxPackage.Main + "v")?.Value));
        Assert.Equal("0", Value(package, "E17"));
        Assert.Equal(3.6 / 8, double.Parse(Value(package, "B19"), CultureInfo.InvariantCulture), 15);
        Assert.Equal(stored.ConvertedRounded, decimal.Parse(Value(package, "B20"), CultureInfo.InvariantCulture));
        Assert.Equal(87.19m, stored.ConvertedRounded); // (31.9 - 4.0) / 8 x 25 = 87.1875
    }

    [Fact]
    public void The_sheet_with_formulas_is_valid_against_the_office_schema_and_still_reads_back()
    {
        var file = WriteMall(Example(blankR10U4: true));

        using (var document = SpreadsheetDocument.Open(new MemoryStream(file), false))
        {
            Assert.Empty(new OpenXmlValidator().Validate(document));
        }

        Assert.Equal(10, ScoreFile.ReadXlsx(new MemoryStream(file)).Count);
    }

    [Fact]
    public void Changing_an_answer_moves_the_index_when_closedxml_recalculates()
    {
        using var workbook = Open(WriteMall(Example()));
        var sheet = workbook.Worksheet(PengolahanLayout.SheetName);
        Assert.Equal(88.61, sheet.Cell("B20").GetDouble());

        sheet.Cell("B6").Value = 1; // R1 answers U1 with 1 instead of 4: U1 sums 33, NRR 3.3

        Assert.Equal(33, sheet.Cell("B16").GetDouble());
        Assert.Equal(3.3, sheet.Cell("B18").GetDouble(), 12);
        Assert.Equal(31.6 / 9, sheet.Cell("K19").GetDouble(), 12);
        Assert.Equal(87.78, sheet.Cell("B20").GetDouble()); // 87.777... rounded
        Assert.Equal(("B", "Baik"), (sheet.Cell("B21").GetString(), sheet.Cell("C21").GetString()));
        Assert.Equal(32, sheet.Cell("K6").GetDouble());
    }

    private static string Value(XlsxPackage package, string reference) =>
        package.Cell(PengolahanLayout.SheetName, reference).Element(XlsxPackage.Main + "v")?.Value ?? string.Empty;
}

using System.Globalization;
using System.Xml.Linq;
using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Scoring;
using static MppSurvey.UnitTests.Reporting.WorkbookSamples;

namespace MppSurvey.UnitTests.Reporting;

/// <summary>The print setup of both workbooks, read from the saved package (what Excel and LibreOffice print from).</summary>
public class WorkbookPrintTests
{
    [Fact]
    public void Every_sheet_of_the_mall_workbook_has_a_print_setup_naming_the_mpp_and_period()
    {
        var file = WriteMall(Example());

        var headerRows = new Dictionary<string, int>
        {
            ["Ringkasan"] = 1, [PengolahanLayout.SheetName] = 5, ["Per Unsur"] = 3, ["Per Layanan"] = 4,
            ["Tren"] = 4, ["Profil Responden"] = 1, ["Saran"] = 3, ["Tindak Lanjut"] = 4, ["Suara Warga"] = 4,
        };
        var sheets = AssertPrintable(file, "MPP Kabupaten Contoh", "Periode 2025-S2", headerRows);

        // Per Layanan (17 columns) and Tindak Lanjut (wide texts) would print below 8 points if fitted: they are
        // split by columns with their naming columns repeated; every other sheet is fitted to the page width.
        var split = sheets.Where(s => !s.FitToWidth).ToList();
        Assert.Equal(["Per Layanan", "Tindak Lanjut"], split.Select(s => s.Name));
        Assert.All(split, s => Assert.Contains("$A:$B", s.PrintTitles, StringComparison.Ordinal));
        Assert.Equal("portrait", sheets.Single(s => s.Name == "Profil Responden").Orientation); // 54 units
        Assert.Equal("landscape", sheets.Single(s => s.Name == "Saran").Orientation); // 140 units: 76% on portrait, 100% on landscape
    }

    [Fact]
    public void An_ampersand_in_the_mpp_name_is_printed_as_itself_not_read_as_a_header_code()
    {
        var file = WriteMall(Example() with { MallName = "MPP Kota A&B" });

        using var package = new XlsxPackage(file);
        var header = package.Xml(package.SheetPath("Ringkasan")).Descendants(XlsxPackage.Main + "oddHeader").Single().Value;
        Assert.Contains("MPP Kota A&&B", header, StringComparison.Ordinal);
    }

    [Fact]
    public void The_legibility_rule_fits_narrow_sheets_and_splits_wide_ones_at_8_points()
    {
        // At 6 pt per width unit; printable width A4 portrait 559 pt, landscape 806 pt (0.25-inch side margins).
        // Pengolahan Data: 32 + 9 x 9 + 11 = 124 units, 744 pt: fits a landscape page at 100%.
        Assert.Equal(new PrintPlan(true, true, 100), WorkbookPrint.Plan([32, .. Enumerable.Repeat(9.0, 9), 11]));

        // 90 units (540 pt) fit portrait at 100%; 100 units (600 pt) at 93%, still portrait.
        Assert.Equal(new PrintPlan(false, true, 100), WorkbookPrint.Plan([45, 45]));
        Assert.Equal(new PrintPlan(false, true, 93), WorkbookPrint.Plan([50, 50]));

        // 296 units (the national table, 1,776 pt): fitting would print 806 / 1,776 = 45%, 5 pt. Split at 73%: 8.03 pt.
        var national = WorkbookPrint.Plan([9, 24, 11, 28, 32, 11, 11, 24, 10, 7, 13, 10, 10, 12, 11, 30, 9, 34]);
        Assert.Equal(new PrintPlan(true, false, 73), national);
        Assert.True(national.PrintedFontPoints >= 8);

        // 183 units (1,098 pt): 73.4%, 8.07 pt, the widest sheet still fitted; 184 units would print at 72%.
        Assert.Equal(new PrintPlan(true, true, 73), WorkbookPrint.Plan([100, 83]));
        Assert.Equal(new PrintPlan(true, false, 73), WorkbookPrint.Plan([100, 84]));
    }

    internal sealed record SheetPrint(string Name, string Orientation, bool FitToWidth, int? Scale, string PrintTitles);

    /// <summary>
    /// Asserts A4, an orientation, print titles repeating the header row, the scope and period in the page
    /// header and "Halaman &amp;P dari &amp;N" in the footer on every sheet; and that a sheet fitted to its
    /// width prints its text at 8 points or more at the scale fitting gives.
    /// </summary>
    internal static IReadOnlyList<SheetPrint> AssertPrintable(byte[] file, string scope, string period, IReadOnlyDictionary<string, int> headerRows)
    {
        using var package = new XlsxPackage(file);
        var workbook = package.Xml("xl/workbook.xml");
        var sheetNames = workbook.Descendants(XlsxPackage.Main + "sheet").Select(s => (string)s.Attribute("name")!).ToList();
        Assert.Equal(headerRows.Keys.Order(), sheetNames.Order());
        var titles = workbook.Descendants(XlsxPackage.Main + "definedName")
            .Where(d => (string?)d.Attribute("name") == "_xlnm.Print_Titles")
            .ToDictionary(d => sheetNames[int.Parse((string)d.Attribute("localSheetId")!, CultureInfo.InvariantCulture)], d => d.Value);

        var result = new List<SheetPrint>();
        foreach (var name in sheetNames)
        {
            var sheet = package.Xml(package.SheetPath(name)).Root!;
            var setup = sheet.Element(XlsxPackage.Main + "pageSetup") ?? throw new Xunit.Sdk.XunitException($"{name}: no pageSetup");
            Assert.Equal("9", (string?)setup.Attribute("paperSize")); // A4
            var orientation = (string?)setup.Attribute("orientation");
            Assert.Contains(orientation, new[] { "portrait", "landscape" });

            var row = headerRows[name].ToString(CultureInfo.InvariantCulture);
            Assert.True(titles.TryGetValue(name, out var title), $"{name}: no print titles");
            Assert.Contains($"${row}:${row}", title, StringComparison.Ordinal);

            var headerFooter = sheet.Element(XlsxPackage.Main + "headerFooter") ?? throw new Xunit.Sdk.XunitException($"{name}: no header/footer");
            var header = headerFooter.Element(XlsxPackage.Main + "oddHeader")?.Value ?? string.Empty;
            var footer = headerFooter.Element(XlsxPackage.Main + "oddFooter")?.Value ?? string.Empty;
            Assert.Contains(scope, header, StringComparison.Ordinal);
            Assert.Contains(period, header, StringComparison.Ordinal);
            Assert.Contains("Halaman &P dari &N", footer, StringComparison.Ordinal);

            var fit = sheet.Element(XlsxPackage.Main + "sheetPr")?.Element(XlsxPackage.Main + "pageSetUpPr")?.Attribute("fitToPage")?.Value is "1" or "true";
            var scale = (int?)setup.Attribute("scale");
            if (fit)
            {
                Assert.Equal("1", (string?)setup.Attribute("fitToWidth") ?? "1");
                Assert.Equal("0", (string?)setup.Attribute("fitToHeight"));
                var plan = WorkbookPrint.Plan(Widths(sheet));
                Assert.True(plan.PrintedFontPoints >= 8, $"{name} would print at {plan.PrintedFontPoints} pt");
            }
            else
            {
                Assert.True(scale * 11 / 100.0 >= 8, $"{name} prints at scale {scale}");
            }

            result.Add(new SheetPrint(name, orientation!, fit, scale, title));
        }

        return result;
    }

    /// <summary>The column widths of a sheet's XML, one per column up to the last one declared.</summary>
    private static List<double> Widths(XElement sheet)
    {
        var widths = new List<double>();
        foreach (var column in sheet.Descendants(XlsxPackage.Main + "col"))
        {
            var min = (int)column.Attribute("min")!;
            var max = Math.Min((int)column.Attribute("max")!, 64);
            while (widths.Count < max)
            {
                widths.Add(8.43);
            }

            for (var c = min; c <= max; c++)
            {
                widths[c - 1] = (double)column.Attribute("width")!;
            }
        }

        return widths;
    }
}

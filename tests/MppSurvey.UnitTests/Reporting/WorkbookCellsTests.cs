using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Scoring;

namespace MppSurvey.UnitTests.Reporting;

/// <summary>The shared pieces of the workbooks: safe text and the grade table.</summary>
public class WorkbookCellsTests
{
    [Theory]
    [InlineData("biasa saja", "biasa saja")]
    [InlineData("baris\r\nbaru\tdan tab", "baris\r\nbaru\tdan tab")]
    [InlineData("a\u0000b\u001Fc\uFFFEd", "abcd")]
    [InlineData("emoji \uD83D\uDC4D tetap", "emoji \uD83D\uDC4D tetap")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Clean_keeps_what_xml_can_hold(string? text, string expected) =>
        Assert.Equal(expected, WorkbookCells.Clean(text));

    [Fact]
    public void Clean_drops_lone_surrogates()
    {
        // Not an InlineData: test-case serialization would already turn them into U+FFFD.
        Assert.Equal("lone  low  high", WorkbookCells.Clean("lone \uDC4D low \uD83D high"));
        Assert.Equal("end", WorkbookCells.Clean("end\uD83D"));
    }

    [Fact]
    public void Clean_cuts_at_the_excel_cell_limit_without_splitting_a_surrogate_pair()
    {
        Assert.Equal(WorkbookCells.MaxCellTextLength, WorkbookCells.Clean(new string('x', 40_000)).Length);

        var text = new string('x', WorkbookCells.MaxCellTextLength - 1) + "\uD83D\uDC4D";
        Assert.Equal(WorkbookCells.MaxCellTextLength - 1, WorkbookCells.Clean(text).Length);
    }

    [Fact]
    public void The_grade_table_agrees_with_the_grading_code()
    {
        foreach (var line in WorkbookIndex.GradeTable)
        {
            Assert.Equal(line.Grade, Grading.OfRounded(line.ConvertedLow));
            Assert.Equal(line.Grade, Grading.OfRounded(line.ConvertedHigh));
            Assert.Equal(line.Grade, Grading.Of(line.IkmLow * 25));
            if (line.Grade != Grade.D)
            {
                Assert.NotEqual(line.Grade, Grading.OfRounded(line.ConvertedLow - 0.01m));
            }
        }

        Assert.Equal([25.00m, 65.00m, 76.61m, 88.31m], WorkbookIndex.GradeTable.Select(l => l.ConvertedLow));
        Assert.Equal(100.00m, WorkbookIndex.GradeTable[^1].ConvertedHigh);
    }
}

using ClosedXML.Excel;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>The index arithmetic the workbooks share, always through the scoring engine.</summary>
internal static class WorkbookIndex
{
    /// <summary>
    /// The grade table of docs/method.md, Rounding and grades in the regulation's order (nilai persepsi 1 to 4). The
    /// converted bounds are primary; a unit test checks every bound against <see cref="Grading"/>.
    /// </summary>
    public static IReadOnlyList<(int Perception, decimal IkmLow, decimal IkmHigh, decimal ConvertedLow, decimal ConvertedHigh, Grade Grade)> GradeTable { get; } =
    [
        (1, 1.00m, 2.5996m, 25.00m, 64.99m, Grade.D),
        (2, 2.60m, 3.064m, 65.00m, 76.60m, Grade.C),
        (3, 3.0644m, 3.532m, 76.61m, 88.30m, Grade.B),
        (4, 3.5324m, 4.00m, 88.31m, 100.00m, Grade.A),
    ];

    /// <summary>The SKM index of the tallies, or null when nobody answered anything (the index is undefined).</summary>
    public static SkmIndex? Of(IEnumerable<ElementTally> tallies)
    {
        var list = tallies.ToList();
        return list.Any(t => t.Answered > 0) ? IndexCalculator.Skm(list) : null;
    }

    /// <summary>
    /// Adds tallies of several units element by element: the pooled tallies of all their respondents,
    /// which is how an agency, a province or the nation gets its index (docs/method.md, Pooling above the service),
    /// never as a mean of the units' indices.
    /// </summary>
    public static IReadOnlyList<ElementTally> Pool(IEnumerable<IEnumerable<ElementTally>> units)
    {
        var answered = new Dictionary<string, long>(StringComparer.Ordinal);
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var tally in units.SelectMany(u => u))
        {
            answered[tally.Code] = answered.GetValueOrDefault(tally.Code) + tally.Answered;
            sums[tally.Code] = sums.GetValueOrDefault(tally.Code) + tally.Sum;
        }

        return answered.Keys.Select(code => new ElementTally(code, answered[code], sums[code])).ToList();
    }

    /// <summary>"Terpenuhi" or "Kurang n responden" against the Krejcie &amp; Morgan target (§4); empty without a target.</summary>
    public static string SampleStatus(long respondents, long? target) => target switch
    {
        null => string.Empty,
        { } t when respondents >= t => WorkbookText.Get("Sample_Met"),
        { } t => WorkbookText.Format("Sample_Short", t - respondents),
    };

    /// <summary>Writes the grade table (§2) with numeric bounds from <paramref name="row"/>; returns the next free row.</summary>
    public static int WriteGradeTable(IXLWorksheet sheet, int row)
    {
        sheet.Cell(row, 1).SetText(WorkbookText.Get("GradeTable_Title")).Style.Font.Bold = true;
        row++;
        WorkbookCells.Header(sheet, row, 1,
        [
            WorkbookText.Get("GradeTable_Perception"),
            WorkbookText.Get("GradeTable_IkmLow"),
            WorkbookText.Get("GradeTable_IkmHigh"),
            WorkbookText.Get("GradeTable_ConvertedLow"),
            WorkbookText.Get("GradeTable_ConvertedHigh"),
            WorkbookText.Get("GradeTable_Grade"),
            WorkbookText.Get("GradeTable_Performance"),
        ]);
        row++;
        foreach (var line in GradeTable)
        {
            sheet.Cell(row, 1).SetNumber(line.Perception, WorkbookCells.WholeFormat);
            sheet.Cell(row, 2).SetNumber(line.IkmLow, WorkbookCells.FineFormat);
            sheet.Cell(row, 3).SetNumber(line.IkmHigh, WorkbookCells.FineFormat);
            sheet.Cell(row, 4).SetNumber(line.ConvertedLow, WorkbookCells.IndexFormat);
            sheet.Cell(row, 5).SetNumber(line.ConvertedHigh, WorkbookCells.IndexFormat);
            sheet.Cell(row, 6).SetText(line.Grade.ToString());
            sheet.Cell(row, 7).SetText(WorkbookCells.GradeLabel(line.Grade));
            row++;
        }

        return row;
    }
}

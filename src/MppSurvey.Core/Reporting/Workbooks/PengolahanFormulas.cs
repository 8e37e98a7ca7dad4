using System.Globalization;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// A formula together with the value it gives (its cached value). Both are written into the cell, so an
/// auditor can change an answer and see the index move, while a viewer that does not calculate formulas
/// still shows the figures the scoring engine computed.
/// </summary>
/// <param name="Formula">The formula in A1 notation, without the leading '='.</param>
/// <param name="Number">The cached numeric result, or null for a text result.</param>
/// <param name="Text">The cached text result (possibly empty) when <paramref name="Number"/> is null.</param>
internal sealed record CachedFormula(string Formula, double? Number, string? Text)
{
    public static CachedFormula Of(string formula, decimal? number) =>
        number is { } n ? new CachedFormula(formula, (double)n, null) : new CachedFormula(formula, null, string.Empty);

    public static CachedFormula Of(string formula, string text) => new(formula, null, text);

    /// <summary>The cached value as the sheet XML writes it (a number in invariant round-trip form, or the text).</summary>
    public string CachedText => Number is { } n ? n.ToString("R", CultureInfo.InvariantCulture) : Text ?? string.Empty;
}

/// <summary>
/// The formulas of the tabel pengolahan data (docs/method.md, The index; Rounding and grades), each with the value the scoring
/// engine computed, so the cached value and the stored result are one number.
/// </summary>
/// <remarks>
/// The formulas follow the method's own arithmetic and round where it rounds, and nowhere else: NRR =
/// sum / answers (a blank answer is in neither, so COUNT, not the number of rows), the weight is
/// 1 / the number of answered elements (exactly 1/9 when all are answered, never 0.111), IKM = the sum
/// of the weighted NRRs, IKM konversi = ROUND(IKM x 25; 2), half away from zero like Excel's ROUND, and
/// the grade is read from the rounded value (§2 step 5).
/// </remarks>
internal static class PengolahanFormulas
{
    /// <summary>Column of the per-row Jumlah (after No. Responden and U1..U9).</summary>
    public static string TotalColumn => Column(SkmElements.Codes.Count + 1);

    /// <summary>The per-row Jumlah of a respondent row.</summary>
    public static CachedFormula RowTotal(int row, long sum) =>
        new($"SUM(B{row}:{Column(SkmElements.Codes.Count)}{row})", sum, null);

    /// <summary>
    /// The summary rows below the respondents (rows <paramref name="firstRespondentRow"/> to
    /// <paramref name="summaryRow"/> - 1), keyed by cell reference. Row order: sums, answers, NRR,
    /// weighted NRR with the IKM in the total column, IKM konversi, grade.
    /// </summary>
    public static IReadOnlyDictionary<string, CachedFormula> Summary(int firstRespondentRow, int summaryRow, SkmIndex index)
    {
        var formulas = new Dictionary<string, CachedFormula>(StringComparer.Ordinal);
        var last = summaryRow - 1;
        int sums = summaryRow, answered = summaryRow + 1, nrr = summaryRow + 2, weighted = summaryRow + 3, converted = summaryRow + 4, grade = summaryRow + 5;
        var firstElement = Column(1);
        var lastElement = Column(SkmElements.Codes.Count);
        var total = TotalColumn;

        for (var i = 0; i < SkmElements.Codes.Count; i++)
        {
            var element = index.Elements[i];
            var c = Column(i + 1);
            formulas[$"{c}{sums}"] = new CachedFormula($"SUM({c}{firstRespondentRow}:{c}{last})", element.Sum, null);
            formulas[$"{c}{answered}"] = new CachedFormula($"COUNT({c}{firstRespondentRow}:{c}{last})", element.Answered, null);
            formulas[$"{c}{nrr}"] = CachedFormula.Of($"IF({c}{answered}=0,\"\",{c}{sums}/{c}{answered})", element.Nrr);
            formulas[$"{c}{weighted}"] = CachedFormula.Of(
                $"IF({c}{nrr}=\"\",\"\",{c}{nrr}/COUNT(${firstElement}${nrr}:${lastElement}${nrr}))", element.WeightedNrr);
        }

        formulas[$"{total}{sums}"] = new CachedFormula($"SUM({firstElement}{sums}:{lastElement}{sums})", index.Elements.Sum(e => e.Sum), null);
        formulas[$"{total}{weighted}"] = CachedFormula.Of($"SUM({firstElement}{weighted}:{lastElement}{weighted})", index.Ikm);
        formulas[$"{firstElement}{converted}"] = CachedFormula.Of($"ROUND({total}{weighted}*25,2)", index.ConvertedRounded);

        // The grade table from the top grade down: the first lower bound the rounded value reaches.
        var bands = WorkbookIndex.GradeTable.OrderByDescending(b => b.ConvertedLow).ToList();
        var score = $"{firstElement}{converted}";
        formulas[$"{firstElement}{grade}"] = CachedFormula.Of(
            Nested(bands.Select(b => (Condition: $"{score}>={Number(b.ConvertedLow)}", Result: b.Grade.ToString())).ToList()), index.Grade.ToString());
        var letter = $"{firstElement}{grade}";
        formulas[$"{Column(2)}{grade}"] = CachedFormula.Of(
            Nested(bands.Select(b => (Condition: $"{letter}=\"{b.Grade}\"", Result: WorkbookCells.GradeLabel(b.Grade))).ToList()), WorkbookCells.GradeLabel(index.Grade));
        return formulas;
    }

    /// <summary>IF(c1,"r1",IF(c2,"r2",...,"rn")): the last result is the fallback.</summary>
    private static string Nested(IReadOnlyList<(string Condition, string Result)> cases)
    {
        var formula = Quote(cases[^1].Result);
        for (var i = cases.Count - 2; i >= 0; i--)
        {
            formula = $"IF({cases[i].Condition},{Quote(cases[i].Result)},{formula})";
        }

        return formula;
    }

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The column letter of a 0-based column index after A (0 = A, 1 = B, ...); the sheet stays within A..Z.</summary>
    private static string Column(int index) => ((char)('A' + index)).ToString();
}

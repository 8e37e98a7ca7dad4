namespace MppSurvey.Core.Scoring;

/// <summary>
/// The official <i>tabel pengolahan data</i> spreadsheet layout (PermenPANRB 14/2017; its arithmetic is docs/method.md, The index), defined once for
/// the reader here (<see cref="ScoreFile"/>) and the Excel exporter: one row per respondent with the
/// respondent number in the first column and answers under headers U1..U9, then the summary rows.
/// These texts are the layout's fixed vocabulary (what regency staff look for), not UI text.
/// </summary>
public static class PengolahanLayout
{
    /// <summary>The sheet the reader looks for first (otherwise it takes the first sheet).</summary>
    public const string SheetName = "Pengolahan Data";

    /// <summary>Header of the first column, which holds the respondent number 1, 2, 3, ...</summary>
    public const string NumberHeader = "No. Responden";

    /// <summary>The header row is the first row containing a cell whose text is exactly this.</summary>
    public const string HeaderMarker = "U1";

    /// <summary>Row after the respondents: sum per element. Its first column is not a number, so reading stops there.</summary>
    public const string SumRowLabel = "Jumlah nilai per unsur";

    /// <summary>Row: NRR per element.</summary>
    public const string NrrRowLabel = "NRR per unsur";

    /// <summary>Row: weighted NRR per element, with their sum (the IKM).</summary>
    public const string WeightedNrrRowLabel = "NRR tertimbang per unsur";

    /// <summary>Row: the converted index (IKM x 25).</summary>
    public const string IndexRowLabel = "IKM unit pelayanan";

    /// <summary>The element header texts in column order: the element codes themselves, U1..U9.</summary>
    public static IReadOnlyList<string> ElementHeaders => SkmElements.Codes;
}

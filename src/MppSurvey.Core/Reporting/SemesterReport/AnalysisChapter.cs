using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Themes;

namespace MppSurvey.Core.Reporting.SemesterReport;

/// <summary>
/// BAB IV Analisis: the three weakest elements (the index's <see cref="SkmIndex.Lowest"/>, the follow-up
/// priority) each with the visitors' suggestions that mention it, found by the element's everyday words;
/// then the period's latest suggestions, so that the MPP reads what visitors wrote even when no
/// suggestion names an element. Every quote is masked (<see cref="SuggestionMask"/>) like the dashboard's:
/// the report is printed and published.
/// </summary>
internal static class AnalysisChapter
{
    /// <summary>How many quotes to show under each element and in the period's list: enough to read, short enough to print.</summary>
    internal const int QuotesPerElement = 5;

    internal const int LatestSuggestions = 10;

    /// <summary>
    /// Words visitors use for each element (lower case, matched as substrings), in Indonesian as they
    /// write. A suggestion may mention several elements; it is quoted under each.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string[]> ElementWords = new Dictionary<string, string[]>
    {
        ["U1"] = ["persyaratan", "syarat", "dokumen", "berkas"],
        ["U2"] = ["prosedur", "alur", "tahapan", "ribet", "berbelit"],
        ["U3"] = ["waktu", "lama", "antre", "antri", "cepat", "lambat", "menunggu"],
        ["U4"] = ["biaya", "tarif", "bayar", "pungli", "gratis", "mahal"],
        ["U5"] = ["produk", "hasil", "salah cetak", "keliru"],
        ["U6"] = ["kompeten", "paham", "menguasai", "keahlian"],
        ["U7"] = ["petugas", "ramah", "sopan", "jutek", "perilaku", "sikap", "senyum"],
        ["U8"] = ["pengaduan", "keluhan", "komplain", "aduan"],
        ["U9"] = ["sarana", "prasarana", "fasilitas", "parkir", "toilet", "ac ", "kursi", "ruang tunggu", "panas", "wifi"],
    };

    internal static void Write(ReportDocx doc, SemesterReportData data, SkmIndex? index)
    {
        var suggestions = data.Workbook.Suggestions;
        doc.Heading(ReportText.Get("Ch4_Title"), 1);
        doc.Heading(ReportText.Get("Ch4_Weakest"), 2);
        if (index is null)
        {
            doc.Text(ReportText.Get("Ch4_NoIndex"));
        }
        else
        {
            doc.Text(ReportText.Get("Ch4_WeakestText"));
            foreach (var code in index.Lowest)
            {
                var element = index.Elements.First(e => e.Code == code);
                doc.Text(ReportText.Format("Ch4_Element", code, SemesterReportDocument.ElementName(code),
                    element.Nrr is decimal nrr ? ReportText.Nrr(nrr) : "–",
                    element.ConvertedRounded is decimal c ? ReportText.Number(c) : "–",
                    element.Grade is Grade g ? $"{g} ({Grading.Label(g, ReportText.Culture)})" : "–"), bold: true);
                var quotes = Mentioning(suggestions, code).Take(QuotesPerElement).ToList();
                if (quotes.Count == 0)
                {
                    doc.Text(ReportText.Get("Ch4_NoMatch"));
                }

                foreach (var quote in quotes)
                {
                    doc.Item("–", Quote(quote));
                }
            }
        }

        doc.Heading(ReportText.Get("Ch4_Suggestions"), 2);
        if (suggestions.Count == 0)
        {
            doc.Text(ReportText.Get("Ch4_NoSuggestions"));
            return;
        }

        var latest = suggestions.OrderByDescending(s => s.Date).Take(LatestSuggestions).ToList();
        doc.Text(ReportText.Format("Ch4_SuggestionsText", latest.Count, suggestions.Count));
        doc.Table(
            [WorkbookText.Get("Column_Date"), WorkbookText.Get("Column_Service"), WorkbookText.Get("Column_Suggestion")],
            latest.Select(s => (IReadOnlyList<string>)[ReportText.Date(s.Date), s.ServiceName, SuggestionMask.Apply(s.Text)]),
            [2, 3, 7]);
    }

    /// <summary>The suggestions that mention the element, newest first.</summary>
    internal static IEnumerable<SuggestionRow> Mentioning(IEnumerable<SuggestionRow> suggestions, string code) =>
        ElementWords.TryGetValue(code, out var words)
            ? suggestions.Where(s => words.Any(word => (s.Text.ToLower(ReportText.Culture) + " ").Contains(word, StringComparison.Ordinal)))
                .OrderByDescending(s => s.Date)
            : [];

    private static string Quote(SuggestionRow s) => $"“{SuggestionMask.Apply(s.Text).Trim()}” ({ReportText.Date(s.Date)}, {s.ServiceName})";
}

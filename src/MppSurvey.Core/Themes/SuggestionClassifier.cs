namespace MppSurvey.Core.Themes;

/// <summary>
/// Sorts a suggestion into themes (the citizens' voice). First version: a lower-case phrase match
/// on a few words per theme. The lexicon file, the normalisation of informal spelling and the
/// Indonesian stemmer replace it; the signature stays.
/// </summary>
public static class SuggestionClassifier
{
    private static readonly (SuggestionTheme Theme, string[] Phrases)[] Seed =
    [
        (SuggestionTheme.Integrity, ["pungli", "calo", "uang rokok", "gratifikasi", "suap", "minta uang", "biaya tambahan"]),
        (SuggestionTheme.Requirements, ["syarat", "persyaratan", "berkas"]),
        (SuggestionTheme.Procedure, ["prosedur", "alur", "mekanisme"]),
        (SuggestionTheme.Time, ["lama", "lambat", "cepat"]),
        (SuggestionTheme.Cost, ["biaya", "tarif", "mahal", "gratis"]),
        (SuggestionTheme.Product, ["hasil", "salah cetak", "produk"]),
        (SuggestionTheme.Competence, ["kompeten", "tidak paham", "kurang paham"]),
        (SuggestionTheme.Conduct, ["ramah", "sopan", "jutek", "judes"]),
        (SuggestionTheme.Complaints, ["pengaduan", "aduan", "keluhan"]),
        (SuggestionTheme.Facilities, ["fasilitas", "ruang", "sarana"]),
        (SuggestionTheme.Parking, ["parkir"]),
        (SuggestionTheme.AirConditioning, ["ac ", "panas", "gerah"]),
        (SuggestionTheme.Toilet, ["toilet", "wc", "kamar mandi"]),
        (SuggestionTheme.Seating, ["kursi", "tempat duduk"]),
        (SuggestionTheme.Queue, ["antri", "antre", "antrian", "antrean"]),
        (SuggestionTheme.Praise, ["terima kasih", "mantap", "bagus", "puas"]),
    ];

    /// <param name="text">The suggestion as the visitor wrote it; null or blank has no theme.</param>
    /// <param name="extraTerms">Terms an MPP's administrators added to the lexicon, with their theme.</param>
    public static SuggestionTheme Classify(string? text, IReadOnlyList<(SuggestionTheme Theme, string Term)>? extraTerms = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return SuggestionTheme.None;
        }
        var lower = " " + text.ToLowerInvariant() + " ";
        var themes = SuggestionTheme.None;
        foreach (var (theme, phrases) in Seed)
        {
            if (phrases.Any(p => lower.Contains(p, StringComparison.Ordinal)))
            {
                themes |= theme;
            }
        }
        foreach (var (theme, term) in extraTerms ?? [])
        {
            if (lower.Contains(term.ToLowerInvariant(), StringComparison.Ordinal))
            {
                themes |= theme;
            }
        }
        return themes;
    }
}

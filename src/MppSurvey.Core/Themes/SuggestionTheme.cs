namespace MppSurvey.Core.Themes;

/// <summary>
/// What a visitor's suggestion is about (the citizens' voice). One suggestion may touch several
/// themes, so they are flags and a response stores their union in one integer column. The first
/// nine are the SKM elements U1..U9 (docs/method.md, The nine elements); the facility details are
/// finer themes that also count as U9; integrity (gratuities, brokers, bribes) and praise stand
/// beside the elements. The numeric values are stored: never renumber, only add.
/// </summary>
[Flags]
public enum SuggestionTheme
{
    None = 0,
    /// <summary>U1 Persyaratan.</summary>
    Requirements = 1 << 0,
    /// <summary>U2 Sistem, mekanisme dan prosedur.</summary>
    Procedure = 1 << 1,
    /// <summary>U3 Waktu penyelesaian.</summary>
    Time = 1 << 2,
    /// <summary>U4 Biaya/tarif.</summary>
    Cost = 1 << 3,
    /// <summary>U5 Produk spesifikasi jenis pelayanan.</summary>
    Product = 1 << 4,
    /// <summary>U6 Kompetensi pelaksana.</summary>
    Competence = 1 << 5,
    /// <summary>U7 Perilaku pelaksana.</summary>
    Conduct = 1 << 6,
    /// <summary>U8 Penanganan pengaduan, saran dan masukan.</summary>
    Complaints = 1 << 7,
    /// <summary>U9 Sarana dan prasarana.</summary>
    Facilities = 1 << 8,
    /// <summary>Integritas: pungli, calo, uang rokok, gratifikasi, suap. Raises an integrity alert.</summary>
    Integrity = 1 << 9,
    /// <summary>Fasilitas: parkir.</summary>
    Parking = 1 << 10,
    /// <summary>Fasilitas: AC, ruangan panas.</summary>
    AirConditioning = 1 << 11,
    /// <summary>Fasilitas: toilet.</summary>
    Toilet = 1 << 12,
    /// <summary>Fasilitas: kursi, ruang tunggu.</summary>
    Seating = 1 << 13,
    /// <summary>Fasilitas: antrean, nomor antrean.</summary>
    Queue = 1 << 14,
    /// <summary>Pujian: the visitor is pleased.</summary>
    Praise = 1 << 15,
}

public static class SuggestionThemes
{
    /// <summary>Every theme, in display order: the elements in code order, then integrity, the facility details, praise.</summary>
    public static IReadOnlyList<SuggestionTheme> All { get; } =
    [
        SuggestionTheme.Requirements, SuggestionTheme.Procedure, SuggestionTheme.Time, SuggestionTheme.Cost,
        SuggestionTheme.Product, SuggestionTheme.Competence, SuggestionTheme.Conduct, SuggestionTheme.Complaints,
        SuggestionTheme.Facilities, SuggestionTheme.Integrity, SuggestionTheme.Parking, SuggestionTheme.AirConditioning,
        SuggestionTheme.Toilet, SuggestionTheme.Seating, SuggestionTheme.Queue, SuggestionTheme.Praise,
    ];

    /// <summary>The union of every theme: a stored value outside it is refused by the schema.</summary>
    public const int AllBits = (1 << 16) - 1;

    /// <summary>
    /// The SKM element a theme explains, so the dashboard can show it beside that element: the
    /// facility details explain U9; integrity and praise explain none.
    /// </summary>
    public static string? ElementCode(SuggestionTheme theme) => theme switch
    {
        SuggestionTheme.Requirements => "U1",
        SuggestionTheme.Procedure => "U2",
        SuggestionTheme.Time => "U3",
        SuggestionTheme.Cost => "U4",
        SuggestionTheme.Product => "U5",
        SuggestionTheme.Competence => "U6",
        SuggestionTheme.Conduct => "U7",
        SuggestionTheme.Complaints => "U8",
        SuggestionTheme.Facilities or SuggestionTheme.Parking or SuggestionTheme.AirConditioning
            or SuggestionTheme.Toilet or SuggestionTheme.Seating or SuggestionTheme.Queue => "U9",
        _ => null,
    };

    /// <summary>A stable lower-case key for files, URLs and resource names ("integrity", "air-conditioning").</summary>
    public static string Key(SuggestionTheme theme) => theme switch
    {
        SuggestionTheme.AirConditioning => "air-conditioning",
        _ => theme.ToString().ToLowerInvariant(),
    };

    public static IEnumerable<SuggestionTheme> Split(SuggestionTheme themes) => All.Where(t => (themes & t) != 0);
}

namespace MppSurvey.Core.Regions;

/// <summary>Wall-clock zone of a region; the value is the UTC offset in hours (docs/method.md, Periods).</summary>
public enum IndonesianTimeZone
{
    Wib = 7,
    Wita = 8,
    Wit = 9,
}

public sealed class Province
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public IndonesianTimeZone TimeZone { get; set; }
    public List<Regency> Regencies { get; } = [];
}

public enum RegencyKind
{
    Kabupaten = 1,
    Kota = 2,
}

/// <summary>A regency (kabupaten) or city (kota); its Kemendagri code is text, "11.05".</summary>
public sealed class Regency
{
    public required string Code { get; init; }
    public required string ProvinceCode { get; init; }
    public Province? Province { get; set; }
    public required string Name { get; set; }
    public RegencyKind Kind { get; set; }
    public IndonesianTimeZone TimeZone { get; set; }

    /// <summary>Kemendagri numbering: 01-69 are kabupaten, 71-99 are kota (Kemendagri codes).</summary>
    public static RegencyKind KindOf(string code)
    {
        var dot = code.IndexOf('.', StringComparison.Ordinal);
        var local = int.Parse(code.AsSpan(dot + 1), System.Globalization.CultureInfo.InvariantCulture);
        return local >= 71 ? RegencyKind.Kota : RegencyKind.Kabupaten;
    }
}

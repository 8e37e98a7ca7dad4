namespace MppSurvey.Web.Charts;

/// <summary>
/// The ministry's tile map of the 38 provinces (capability: province comparison): one square per
/// province placed roughly where it lies, west to east and north to south, so every province has the
/// same weight whatever its area. The names come from the regions list (regions.csv); this class
/// only knows where each code sits, its usual short name, and the colour band of an IKM.
/// </summary>
public static class ProvinceTileMap
{
    public sealed record Place(int Row, int Column, string ShortName);

    /// <summary>Rows 0-6 and columns 0-13 of the grid; site.css has one class per row and per column.</summary>
    public static IReadOnlyDictionary<string, Place> Places { get; } = new Dictionary<string, Place>(StringComparer.Ordinal)
    {
        // Sumatra and its islands, north-west to south-east.
        ["11"] = new(0, 0, "ACEH"), ["12"] = new(1, 0, "SUMUT"), ["14"] = new(1, 1, "RIAU"), ["21"] = new(1, 2, "KEPRI"),
        ["13"] = new(2, 0, "SUMBAR"), ["15"] = new(2, 1, "JAMBI"), ["19"] = new(2, 2, "BABEL"),
        ["17"] = new(3, 1, "BENGKULU"), ["16"] = new(3, 2, "SUMSEL"), ["18"] = new(4, 2, "LAMPUNG"),
        // Java, Bali and Nusa Tenggara.
        ["31"] = new(4, 3, "DKI"), ["36"] = new(5, 2, "BANTEN"), ["32"] = new(5, 3, "JABAR"), ["33"] = new(5, 4, "JATENG"),
        ["34"] = new(6, 4, "DIY"), ["35"] = new(5, 5, "JATIM"), ["51"] = new(5, 6, "BALI"), ["52"] = new(5, 7, "NTB"), ["53"] = new(5, 8, "NTT"),
        // Kalimantan.
        ["65"] = new(1, 6, "KALTARA"), ["61"] = new(2, 4, "KALBAR"), ["62"] = new(2, 5, "KALTENG"), ["64"] = new(2, 6, "KALTIM"), ["63"] = new(3, 6, "KALSEL"),
        // Sulawesi.
        ["75"] = new(1, 8, "GORONTALO"), ["71"] = new(1, 9, "SULUT"), ["76"] = new(2, 7, "SULBAR"), ["72"] = new(2, 8, "SULTENG"),
        ["73"] = new(3, 7, "SULSEL"), ["74"] = new(3, 8, "SULTRA"),
        // Maluku and Papua.
        ["82"] = new(1, 10, "MALUT"), ["81"] = new(3, 10, "MALUKU"),
        ["96"] = new(2, 11, "PBD"), ["92"] = new(2, 12, "PABAR"), ["91"] = new(2, 13, "PAPUA"),
        ["94"] = new(3, 12, "PAPTENG"), ["95"] = new(3, 13, "PAPEG"), ["93"] = new(4, 13, "PAPSEL"),
    };

    /// <summary>
    /// The colour bands, lowest first, each with its lower bound (inclusive) on the converted index. The
    /// bands follow the grades (PermenPANRB 14/2017: D below 65.00, C to 76.60, B to 88.30, A above), with
    /// grade B split at 82.50 because most MPPs are B and a single B colour would hide their spread.
    /// </summary>
    public static IReadOnlyList<(int Band, decimal From, decimal To, string Grade)> Bands { get; } =
    [
        (1, 25.00m, 64.99m, "D"),
        (2, 65.00m, 76.60m, "C"),
        (3, 76.61m, 82.50m, "B"),
        (4, 82.51m, 88.30m, "B"),
        (5, 88.31m, 100.00m, "A"),
    ];

    /// <summary>The band of a converted index (two decimals, as stored).</summary>
    public static int Band(decimal converted) => Bands.Last(b => converted >= b.From || b.Band == 1).Band;
}

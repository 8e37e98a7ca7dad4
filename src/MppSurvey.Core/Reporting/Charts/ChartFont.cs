namespace MppSurvey.Core.Reporting.Charts;

/// <summary>
/// The font file the exported charts draw their text with (the funnel PNG of the national workbook, the
/// semester report's trend). SkiaSharp's fontconfig-free Linux natives find no system font by themselves,
/// so the first of a few common Debian font files is loaded directly (fonts-dejavu-core, fonts-liberation).
/// </summary>
public static class ChartFont
{
    /// <summary>Where Debian puts the fonts the charts can use, in order of preference.</summary>
    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    ];

    /// <summary>The font file found, or null: then shapes still render and text does not.</summary>
    public static string? File { get; } = Candidates.FirstOrDefault(System.IO.File.Exists);
}

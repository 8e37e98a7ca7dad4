using System.Globalization;
using System.Resources;

namespace MppSurvey.Core.Scoring;

/// <summary>
/// The scoring engine's UI text (grade labels, verdicts, quadrants, the score tool's output and
/// errors), kept in ScoringText.resx (Indonesian, the default) and ScoringText.en.resx (English).
/// </summary>
public static class ScoringText
{
    private static readonly ResourceManager Resources = new("MppSurvey.Core.Scoring.ScoringText", typeof(ScoringText).Assembly);

    /// <summary>Indonesian, the language of the regulation and of the score tool's output.</summary>
    public static CultureInfo Indonesian { get; } = CultureInfo.GetCultureInfo("id-ID");

    /// <summary>A text by key; Indonesian unless the culture is English.</summary>
    public static string Get(string key, CultureInfo culture) =>
        Resources.GetString(key, culture) ?? throw new InvalidOperationException($"Missing scoring text '{key}'.");

    /// <summary>A text with placeholders; numbers in the arguments are formatted invariantly (decimal point).</summary>
    public static string Format(string key, CultureInfo culture, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(key, culture), args);

    /// <summary>The label of a period-change or trend verdict.</summary>
    public static string Label(ChangeVerdict verdict, CultureInfo culture) => Get("Verdict_" + verdict.ToString(), culture);

    /// <summary>The label of an importance-performance quadrant.</summary>
    public static string Label(DriverQuadrant quadrant, CultureInfo culture) => Get("Quadrant_" + quadrant.ToString(), culture);

    /// <summary>The label of a funnel-plot position.</summary>
    public static string Label(FunnelPosition position, CultureInfo culture) => Get("Funnel_" + position.ToString(), culture);

    /// <summary>The SKM element's name (U1..U9) as docs/method.md, The nine elements lists it.</summary>
    public static string ElementName(string code, CultureInfo culture) =>
        Resources.GetString("Element_" + code, culture) ?? code;
}

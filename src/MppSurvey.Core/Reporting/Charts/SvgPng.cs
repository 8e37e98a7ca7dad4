using SkiaSharp;
using Svg.Skia;
using Svg.Skia.TypefaceProviders;

namespace MppSurvey.Core.Reporting.Charts;

/// <summary>
/// Turns a chart the pages draw as SVG into a PNG for the exports (the national workbook's funnel plot),
/// so paper and screen show the same picture. Svg.Skia renders it with SkiaSharp's fontconfig-free Linux
/// natives, which find no system font by themselves: the text is drawn with <see cref="ChartFont"/>. Without any of them the shapes still
/// render and only the labels are missing (<see cref="HasFont"/>); the tables beside the picture carry
/// every number anyway.
/// </summary>
public static class SvgPng
{
    /// <summary>
    /// The family the charts name in their style, matched to the font file below. One word: Svg.Skia
    /// 5.2.3 does not match a quoted family name, and the labels then silently do not render.
    /// </summary>
    public const string FontFamily = "ChartSans";

    private static readonly string? FontFile = ChartFont.File;

    /// <summary>Whether a font was found, that is whether the labels render.</summary>
    public static bool HasFont => FontFile is not null;

    /// <summary>
    /// The PNG of <paramref name="svg"/>, with <paramref name="css"/> put inside it (the page's style sheet
    /// does not reach a standalone file), scaled by <paramref name="scale"/> for a sharp print.
    /// </summary>
    public static byte[] Render(string svg, string css, float scale = 2f)
    {
        ArgumentNullException.ThrowIfNull(svg);
        ArgumentNullException.ThrowIfNull(css);
        var rootEnd = svg.IndexOf('>', StringComparison.Ordinal);
        if (!svg.StartsWith("<svg", StringComparison.Ordinal) || rootEnd < 0)
        {
            throw new ArgumentException("Not an SVG document.", nameof(svg));
        }

        var styled = string.Concat(svg.AsSpan(0, rootEnd + 1), $"<style>text {{ font-family: {FontFamily}; }} {css}</style>", svg.AsSpan(rootEnd + 1));
        using var picture = new SKSvg();
        // Scripts in SVG never run here: the charts carry none, and an export must not execute anything.
        picture.Settings.EnableJavaScript = false;
        if (FontFile is not null)
        {
            picture.Settings.TypefaceProviders = [new CustomTypefaceProvider(FontFile, 0) { FamilyName = FontFamily }];
        }
        picture.FromSvg(styled);
        using var output = new MemoryStream();
        if (!picture.Save(output, SKColors.White, SKEncodedImageFormat.Png, 100, scale, scale))
        {
            throw new InvalidOperationException("The chart could not be rendered as PNG.");
        }
        return output.ToArray();
    }
}

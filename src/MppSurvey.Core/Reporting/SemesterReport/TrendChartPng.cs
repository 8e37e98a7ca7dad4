using MppSurvey.Core.Reporting.Charts;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Reporting.Workbooks;
using SkiaSharp;

namespace MppSurvey.Core.Reporting.SemesterReport;

/// <summary>
/// The report's trend chart as a PNG drawn with SkiaSharp: IKM konversi per period with its 95% interval
/// as whiskers, value labels, and the grade bands (A-D) shaded behind, on an axis zoomed to the data so
/// that a change of a point can be seen. SkiaSharp's Linux assets without dependencies have no
/// fontconfig, so the default typeface draws no glyphs: the font is loaded from a file
/// (<see cref="ChartFont"/>).
/// </summary>
internal static class TrendChartPng
{
    private const int Width = 1600;
    private const int Height = 800;
    private const float Left = 110;
    private const float Right = 40;
    private const float Top = 70;
    private const float Bottom = 90;

    private static readonly Lazy<SKTypeface> Typeface = new(() =>
        (ChartFont.File is { } file ? SKTypeface.FromFile(file) : null) ?? SKTypeface.Default);

    /// <summary>Whether text will be drawn: a font file was found (the default typeface draws nothing without fontconfig).</summary>
    internal static bool HasFont => Typeface.Value.GlyphCount > 0;

    private static readonly (decimal Low, decimal High, SKColor Color, string Label)[] Bands =
    [
        (25.00m, Grading.LowestC, new SKColor(0xF8, 0xD7, 0xDA), "D"),
        (Grading.LowestC, Grading.LowestB, new SKColor(0xFF, 0xE8, 0xCC), "C"),
        (Grading.LowestB, Grading.LowestA, new SKColor(0xE2, 0xEF, 0xDA), "B"),
        (Grading.LowestA, 100.00m, new SKColor(0xC6, 0xE0, 0xB4), "A"),
    ];

    internal static byte[] Render(IReadOnlyList<TrendPoint> trend)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);

        var values = trend.SelectMany(p => new[] { (double)p.Converted, p.CiLow ?? (double)p.Converted, p.CiHigh ?? (double)p.Converted }).ToList();
        // Zoom to the data (whole multiples of 5, at least 10 points tall) within the scale's 25-100.
        var low = Math.Max(25, Math.Floor((values.Min() - 2) / 5) * 5);
        var high = Math.Min(100, Math.Ceiling((values.Max() + 2) / 5) * 5);
        if (high - low < 10)
        {
            low = Math.Max(25, high - 10);
            high = Math.Min(100, low + 10);
        }

        float plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        float Y(double v) => Top + (float)((high - v) / (high - low)) * plotH;
        float X(int i) => Left + plotW * (trend.Count == 1 ? 0.5f : (0.06f + 0.88f * i / (trend.Count - 1)));

        using var font = new SKFont(Typeface.Value, 26);
        using var small = new SKFont(Typeface.Value, 22);
        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        using var text = new SKPaint { IsAntialias = true, Color = new SKColor(0x22, 0x22, 0x22) };
        using var muted = new SKPaint { IsAntialias = true, Color = new SKColor(0x66, 0x66, 0x66) };
        using var stroke = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 4, Color = new SKColor(0x1F, 0x4E, 0x79) };
        using var grid = new SKPaint { Style = SKPaintStyle.Stroke, StrokeWidth = 1, Color = new SKColor(0xCC, 0xCC, 0xCC) };

        foreach (var band in Bands)
        {
            var top = Math.Min(high, (double)band.High);
            var bottom = Math.Max(low, (double)band.Low);
            if (top <= bottom)
            {
                continue;
            }

            fill.Color = band.Color;
            canvas.DrawRect(SKRect.Create(Left, Y(top), plotW, Y(bottom) - Y(top)), fill);
            canvas.DrawText(band.Label, Left + plotW - 12, (Y(top) + Y(bottom)) / 2 + 9, SKTextAlign.Right, font, muted);
        }

        for (var v = low; v <= high + 1e-9; v += 5)
        {
            canvas.DrawLine(Left, Y(v), Left + plotW, Y(v), grid);
            canvas.DrawText(ReportText.Number((decimal)v), Left - 12, Y(v) + 8, SKTextAlign.Right, small, text);
        }

        canvas.DrawText(ReportText.Get("Chart_Title"), Left, 42, SKTextAlign.Left, font, text);
        stroke.StrokeWidth = 3;
        for (var i = 0; i < trend.Count; i++)
        {
            if (trend[i].CiLow is double ciLow && trend[i].CiHigh is double ciHigh)
            {
                canvas.DrawLine(X(i), Y(Math.Max(low, ciLow)), X(i), Y(Math.Min(high, ciHigh)), stroke);
                canvas.DrawLine(X(i) - 10, Y(Math.Min(high, ciHigh)), X(i) + 10, Y(Math.Min(high, ciHigh)), stroke);
                canvas.DrawLine(X(i) - 10, Y(Math.Max(low, ciLow)), X(i) + 10, Y(Math.Max(low, ciLow)), stroke);
            }
        }

        stroke.StrokeWidth = 5;
        for (var i = 1; i < trend.Count; i++)
        {
            canvas.DrawLine(X(i - 1), Y((double)trend[i - 1].Converted), X(i), Y((double)trend[i].Converted), stroke);
        }

        fill.Color = new SKColor(0x1F, 0x4E, 0x79);
        for (var i = 0; i < trend.Count; i++)
        {
            var y = Y((double)trend[i].Converted);
            canvas.DrawCircle(X(i), y, 9, fill);
            canvas.DrawText(ReportText.Number(trend[i].Converted), X(i) + 16, y - 14, SKTextAlign.Left, font, text);
            canvas.DrawText(trend[i].PeriodCode, X(i), Top + plotH + 40, SKTextAlign.Center, small, text);
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}

using System.Globalization;
using MppSurvey.Core.Reporting.Charts;
using MppSurvey.Core.Scoring;
using SkiaSharp;

namespace MppSurvey.UnitTests.Charts;

/// <summary>
/// The funnel plot as a PNG for the national workbook (capability: printable workbook): the shapes and,
/// with a font file on the machine, the labels render; the hover tips do not.
/// </summary>
public class SvgPngTests
{
    private static int Count(byte[] png, Func<SKColor, bool> match, int? maxX = null)
    {
        using var bitmap = SKBitmap.Decode(png);
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < Math.Min(bitmap.Width, maxX ?? bitmap.Width); x++)
            {
                count += match(bitmap.GetPixel(x, y)) ? 1 : 0;
            }
        }
        return count;
    }

    private static bool Red(SKColor c) => c.Red > 150 && c.Green < 80 && c.Blue < 80;

    [Fact]
    public void Text_renders_in_the_style_given_and_hidden_text_stays_hidden()
    {
        Assert.True(SvgPng.HasFont, "no font file found: install fonts-dejavu-core");

        var shown = SvgPng.Render("<svg viewBox=\"0 0 100 40\" xmlns=\"http://www.w3.org/2000/svg\"><text class=\"t\" x=\"5\" y=\"30\">88,30</text></svg>",
            ".t { fill: #cc0000; font-size: 20px; }");
        var hidden = SvgPng.Render("<svg viewBox=\"0 0 100 40\" xmlns=\"http://www.w3.org/2000/svg\"><text class=\"t tip\" x=\"5\" y=\"30\">88,30</text></svg>",
            ".t { fill: #cc0000; font-size: 20px; } .tip { display: none; }");

        Assert.True(Count(shown, Red) > 100, "the text did not render");
        Assert.Equal(0, Count(hidden, Red));
    }

    [Fact]
    public void The_funnel_plot_renders_its_points_and_its_axis_labels()
    {
        var funnel = OverdispersedFunnel.Estimate([(400, 84.0), (900, 86.0), (2500, 83.5), (5000, 85.2)], 84.8, 9.0);
        var points = new[]
        {
            new FunnelPlotSvg.Point("MPP A", "", 400, 84.0, FunnelPosition.Within),
            new FunnelPlotSvg.Point("MPP B", "", 5000, 70.0, FunnelPosition.FarBelow),
        };
        var svg = FunnelPlotSvg.Render(points, funnel, "Funnel plot", "Jumlah responden", "IKM", CultureInfo.GetCultureInfo("id-ID"));

        var png = SvgPng.Render(svg, FunnelPlotSvg.ExportStyle, scale: 2);

        using (var bitmap = SKBitmap.Decode(png))
        {
            Assert.Equal((1280, 720), (bitmap.Width, bitmap.Height));
        }
        // The point below the limits, in the page's red.
        Assert.True(Count(png, c => c.Red > 150 && c.Green < 40 && c.Blue < 60) > 50);
        // Left of the plot area (48 px, twice that at scale 2) there is nothing but the tick labels.
        Assert.True(Count(png, c => c.Red < 140 && c.Green < 140 && c.Blue < 140, maxX: 90) > 100, "the axis labels did not render");
    }

    [Fact]
    public void Something_that_is_not_an_svg_document_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SvgPng.Render("<html></html>", ""));
    }
}

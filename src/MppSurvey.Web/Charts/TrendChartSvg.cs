using System.Globalization;
using System.Text;

namespace MppSurvey.Web.Charts;

/// <summary>
/// The index per period as a line with its 95% confidence band (docs/method.md, The interval of the index), as one
/// SVG string (side margins leave room for the first and last period labels). No script and no library: the page stays static and CSP-friendly. The caller puts a
/// table of the same numbers right after it for screen readers, so the SVG itself is aria-hidden.
/// </summary>
public static class TrendChartSvg
{
    public sealed record Point(string Period, double Value, double? CiLow, double? CiHigh);

    private const double Width = 640, Height = 260, Left = 48, Right = 40, Top = 16, Bottom = 36;

    public static string Render(IReadOnlyList<Point> points, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(points);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart trend\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-hidden=\"true\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\">");
        if (points.Count == 0)
        {
            return sb.Append("</svg>").ToString();
        }

        // The y axis spans the band with a margin, in steps of 5, never beyond the 25-100 scale.
        var lows = points.Select(p => p.CiLow ?? p.Value).Append(points.Min(p => p.Value));
        var highs = points.Select(p => p.CiHigh ?? p.Value).Append(points.Max(p => p.Value));
        var yMin = Math.Max(25, Math.Floor((lows.Min() - 2) / 5) * 5);
        var yMax = Math.Min(100, Math.Ceiling((highs.Max() + 2) / 5) * 5);
        if (yMax - yMin < 10)
        {
            yMin = Math.Max(25, yMax - 10);
        }

        double X(int i) => points.Count == 1 ? Left + (Width - Left - Right) / 2 : Left + i * (Width - Left - Right) / (points.Count - 1);
        double Y(double v) => Top + (yMax - Math.Clamp(v, yMin, yMax)) * (Height - Top - Bottom) / (yMax - yMin);

        for (var tick = yMin; tick <= yMax + 0.001; tick += 5)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{SvgText.N(Left)}\" x2=\"{SvgText.N(Width - Right)}\" y1=\"{SvgText.N(Y(tick))}\" y2=\"{SvgText.N(Y(tick))}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{SvgText.N(Left - 6)}\" y=\"{SvgText.N(Y(tick) + 4)}\" text-anchor=\"end\">{tick.ToString("0", culture)}</text>");
        }

        var banded = points.Select((p, i) => (p, i)).Where(x => x.p.CiLow is not null && x.p.CiHigh is not null).ToList();
        if (banded.Count > 1)
        {
            var upper = banded.Select(x => $"{SvgText.N(X(x.i))},{SvgText.N(Y(x.p.CiHigh!.Value))}");
            var lower = banded.AsEnumerable().Reverse().Select(x => $"{SvgText.N(X(x.i))},{SvgText.N(Y(x.p.CiLow!.Value))}");
            sb.Append(CultureInfo.InvariantCulture, $"<polygon class=\"band\" points=\"{string.Join(' ', upper.Concat(lower))}\"/>");
        }

        foreach (var (p, i) in banded)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"whisker\" x1=\"{SvgText.N(X(i))}\" x2=\"{SvgText.N(X(i))}\" y1=\"{SvgText.N(Y(p.CiLow!.Value))}\" y2=\"{SvgText.N(Y(p.CiHigh!.Value))}\"/>");
        }

        if (points.Count > 1)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<polyline class=\"line\" points=\"{string.Join(' ', points.Select((p, i) => $"{SvgText.N(X(i))},{SvgText.N(Y(p.Value))}"))}\"/>");
        }

        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            sb.Append(CultureInfo.InvariantCulture, $"<circle class=\"dot\" cx=\"{SvgText.N(X(i))}\" cy=\"{SvgText.N(Y(p.Value))}\" r=\"4\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{SvgText.N(X(i))}\" y=\"{SvgText.N(Height - 12)}\" text-anchor=\"middle\">{SvgText.Escape(p.Period)}</text>");
        }

        return sb.Append("</svg>").ToString();
    }
}

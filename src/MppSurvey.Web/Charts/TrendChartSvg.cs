using System.Globalization;
using System.Text;

namespace MppSurvey.Web.Charts;

/// <summary>
/// The index per period as a line with its 95% confidence band (docs/method.md, The interval of the index),
/// each point labelled with its value, over the grade bands (A-D) shaded behind, as one SVG string.
/// The y axis is zoomed to the values and their intervals (never 25-100), so a band two points
/// wide stays visible. No script and no library: the page stays static and CSP-friendly. The SVG is
/// an image with a title and description; the table of the same numbers follows it on the page.
/// </summary>
public static class TrendChartSvg
{
    public sealed record Point(string Period, double Value, double? CiLow, double? CiHigh);

    private const double Width = 480, Height = 260, Left = 40, Right = 24, Top = 20, Bottom = 36;

    public static string Render(IReadOnlyList<Point> points, CultureInfo culture, string title, string description)
    {
        ArgumentNullException.ThrowIfNull(points);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart trend\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"trend-title trend-desc\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"trend-title\">{SvgText.Escape(title)}</title><desc id=\"trend-desc\">{SvgText.Escape(description)}</desc>");
        if (points.Count == 0)
        {
            return sb.Append("</svg>").ToString();
        }

        var (yMin, yMax, step) = GradeBands.Axis(
            points.Min(p => Math.Min(p.Value, p.CiLow ?? p.Value)),
            points.Max(p => Math.Max(p.Value, p.CiHigh ?? p.Value)));

        double X(int i) => points.Count == 1 ? Left + (Width - Left - Right) / 2 : Left + 24 + i * (Width - Left - Right - 48) / (points.Count - 1);
        double Y(double v) => Top + (yMax - Math.Clamp(v, yMin, yMax)) * (Height - Top - Bottom) / (yMax - yMin);

        GradeBands.Append(sb, yMin, yMax, Y, horizontal: false, Left, Width - Right, Width - Right + 6);
        for (var tick = yMin; tick <= yMax + 0.001; tick += step)
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
            // The value beside its point, haloed so it reads over the band and the grid.
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{SvgText.N(X(i) + 7)}\" y=\"{SvgText.N(Y(p.Value) - 7)}\">{p.Value.ToString("0.00", culture)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{SvgText.N(X(i))}\" y=\"{SvgText.N(Height - 12)}\" text-anchor=\"middle\">{SvgText.Escape(p.Period)}</text>");
        }

        return sb.Append("</svg>").ToString();
    }
}

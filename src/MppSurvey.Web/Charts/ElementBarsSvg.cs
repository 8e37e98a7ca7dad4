using System.Globalization;
using System.Text;

namespace MppSurvey.Web.Charts;

/// <summary>
/// The nine elements (NRR x 25) of the current period as bars, with the previous period as a thin
/// bar beneath each, on the 25-100 scale. Decorative for screen readers: the page's element table
/// right after it carries the same numbers, so the SVG is aria-hidden.
/// </summary>
public static class ElementBarsSvg
{
    public sealed record Bar(string Code, decimal? Current, decimal? Previous);

    private const double Width = 640, Left = 40, Right = 56, Row = 30, Top = 8, Bottom = 24, ScaleMin = 25, ScaleMax = 100;

    public static string Render(IReadOnlyList<Bar> bars, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var height = Top + bars.Count * Row + Bottom;
        double X(double v) => Left + (Math.Clamp(v, ScaleMin, ScaleMax) - ScaleMin) * (Width - Left - Right) / (ScaleMax - ScaleMin);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart elements\" viewBox=\"0 0 {Width} {SvgText.N(height)}\" aria-hidden=\"true\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (var tick = ScaleMin; tick <= ScaleMax; tick += 25)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{SvgText.N(X(tick))}\" x2=\"{SvgText.N(X(tick))}\" y1=\"{SvgText.N(Top)}\" y2=\"{SvgText.N(height - Bottom)}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{SvgText.N(X(tick))}\" y=\"{SvgText.N(height - 8)}\" text-anchor=\"middle\">{tick.ToString("0", culture)}</text>");
        }

        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = Top + i * Row;
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{SvgText.N(Left - 6)}\" y=\"{SvgText.N(y + 15)}\" text-anchor=\"end\">{SvgText.Escape(b.Code)}</text>");
            if (b.Current is decimal c)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{SvgText.N(Left)}\" y=\"{SvgText.N(y + 4)}\" width=\"{SvgText.N(X((double)c) - Left)}\" height=\"14\"/>");
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{SvgText.N(X((double)c) + 4)}\" y=\"{SvgText.N(y + 15)}\">{c.ToString("0.00", culture)}</text>");
            }
            if (b.Previous is decimal p)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar previous\" x=\"{SvgText.N(Left)}\" y=\"{SvgText.N(y + 20)}\" width=\"{SvgText.N(X((double)p) - Left)}\" height=\"5\"/>");
            }
        }

        return sb.Append("</svg>").ToString();
    }
}

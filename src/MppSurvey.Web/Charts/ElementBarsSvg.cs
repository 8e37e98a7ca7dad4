using System.Globalization;
using System.Text;

namespace MppSurvey.Web.Charts;

/// <summary>
/// The nine elements (NRR x 25) of the current period as a dot per element, named, in the order
/// given (the page sorts weakest first), with the previous period as a hollow ring joined to it, over
/// the grade bands. The axis is zoomed to the values (a 0.3 change must be visible, which it is not
/// on 25-100), so dots rather than bars: a bar's length would lie about a zoomed axis. The page's
/// element table right after it carries the same numbers.
/// </summary>
public static class ElementBarsSvg
{
    public sealed record Bar(string Code, string Name, decimal? Current, decimal? Previous);

    private const double Width = 480, Left = 8, Right = 48, Row = 40, Top = 8, Bottom = 40;

    public static string Render(IReadOnlyList<Bar> bars, CultureInfo culture, string title = "", string description = "")
    {
        ArgumentNullException.ThrowIfNull(bars);
        var height = Top + bars.Count * Row + Bottom;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart elements\" viewBox=\"0 0 {Width} {SvgText.N(height)}\" role=\"img\" aria-labelledby=\"elements-title elements-desc\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"elements-title\">{SvgText.Escape(title)}</title><desc id=\"elements-desc\">{SvgText.Escape(description)}</desc>");
        var values = bars.SelectMany(b => new[] { b.Current, b.Previous }).OfType<decimal>().Select(v => (double)v).ToList();
        if (values.Count == 0)
        {
            return sb.Append("</svg>").ToString();
        }

        var (min, max, step) = GradeBands.Axis(values.Min(), values.Max());
        double X(double v) => Left + (Math.Clamp(v, min, max) - min) * (Width - Left - Right) / (max - min);

        // Ticks under the plot, the grade letters on a row of their own beneath them.
        GradeBands.Append(sb, min, max, X, horizontal: true, Top, height - Bottom, height - 6);
        for (var tick = min; tick <= max + 0.001; tick += step)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{SvgText.N(X(tick))}\" x2=\"{SvgText.N(X(tick))}\" y1=\"{SvgText.N(Top)}\" y2=\"{SvgText.N(height - Bottom)}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{SvgText.N(X(tick))}\" y=\"{SvgText.N(height - Bottom + 14)}\" text-anchor=\"middle\">{tick.ToString("0", culture)}</text>");
        }

        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = Top + i * Row;
            var dotY = y + 28;
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{SvgText.N(Left)}\" y=\"{SvgText.N(y + 14)}\">{SvgText.Escape(b.Code)} · {SvgText.Escape(b.Name)}</text>");
            if (b.Current is decimal c && b.Previous is decimal p)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<line class=\"change\" x1=\"{SvgText.N(X((double)p))}\" x2=\"{SvgText.N(X((double)c))}\" y1=\"{SvgText.N(dotY)}\" y2=\"{SvgText.N(dotY)}\"/>");
            }
            if (b.Previous is decimal prev)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<circle class=\"dot previous\" cx=\"{SvgText.N(X((double)prev))}\" cy=\"{SvgText.N(dotY)}\" r=\"5\"/>");
            }
            if (b.Current is decimal cur)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<circle class=\"dot\" cx=\"{SvgText.N(X((double)cur))}\" cy=\"{SvgText.N(dotY)}\" r=\"6\"/>");
                // The value sits beside its own dot, on the side away from the previous ring, so it is never read as the ring's.
                var x = X((double)cur);
                var left = b.Previous is decimal pv && pv > cur && x - Left >= 44;
                var at = left ? x - 9 : Math.Max(x, b.Previous is decimal pr ? X((double)pr) : 0) + 9;
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{SvgText.N(at)}\" y=\"{SvgText.N(dotY + 4)}\" text-anchor=\"{(left ? "end" : "start")}\">{cur.ToString("0.00", culture)}</text>");
            }
        }

        return sb.Append("</svg>").ToString();
    }
}

using System.Globalization;
using System.Text;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Charts;

/// <summary>
/// docs/method.md, Comparing MPPs fairly: the funnel plot and Over-dispersion: each MPP's index against its respondents, with
/// the 95% and 99.8% control limits around the national mean widened for the spread between MPPs
/// (<see cref="OverdispersedFunnel"/>; docs/method.md, Over-dispersion). The respondent axis is
/// logarithmic from just below the smallest MPP, so MPPs of a few hundred and of ten thousand
/// respondents both have room and the limits do not collapse into a line. Every point is a link to
/// that MPP's dashboard whose name, n and index show on hover and on keyboard focus; the page adds a
/// legend, the outliers by name and a table.
/// </summary>
public static class FunnelPlotSvg
{
    public sealed record Point(string Label, string Href, long Respondents, double Value, FunnelPosition Position);

    private const double Width = 640, Height = 360, Left = 48, Right = 24, Top = 28, Bottom = 48;
    private const int LimitSamples = 60;

    /// <summary>
    /// The page's chart style (site.css, .chart) for a standalone copy: the picture in the national
    /// workbook. The hover tips stay hidden on paper; the sheet's table names every MPP instead.
    /// </summary>
    public const string ExportStyle =
        ".grid { stroke: #e5e7eb; stroke-width: 1; } .tick { font-size: 11px; fill: #4a5563; } .axis { font-size: 12px; fill: #1b1f24; } "
        + ".dot { fill: #0b5cad; } .dot.above { fill: #1a7f37; } .dot.below { fill: #b00020; } .mean { stroke: #1b1f24; stroke-width: 1.5; } "
        + ".limit95 { fill: none; stroke: #6b7280; stroke-dasharray: 5 4; } .limit998 { fill: none; stroke: #6b7280; stroke-dasharray: 1 3; stroke-width: 1.5; } "
        + ".tip { display: none; }";

    public static string Render(IReadOnlyList<Point> points, OverdispersedFunnel funnel, string ariaLabel, string xAxisLabel, string yAxisLabel, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(funnel);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart funnel\" viewBox=\"0 0 {Width} {Height}\" role=\"group\" aria-label=\"{ChartText.Escape(ariaLabel)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        if (points.Count == 0)
        {
            return sb.Append("</svg>").ToString();
        }

        // Log axis from a little below the smallest MPP to a little above the largest (at least a decade).
        var logMin = Math.Log10(Math.Max(1, points.Min(p => p.Respondents) / 1.3));
        var logMax = Math.Max(logMin + 1, Math.Log10(points.Max(p => p.Respondents) * 1.3));
        var nMin = Math.Pow(10, logMin);
        var nMax = Math.Pow(10, logMax);
        var target = funnel.Target;
        var widest = funnel.Limits(Math.Max(1, (long)Math.Floor(nMin)));
        var yMin = Math.Max(25, Math.Floor((Math.Min(points.Min(p => p.Value), widest.Lower998) - 1) / 5) * 5);
        var yMax = Math.Min(100, Math.Ceiling((Math.Max(points.Max(p => p.Value), widest.Upper998) + 1) / 5) * 5);
        if (yMax - yMin < 10)
        {
            yMin = Math.Max(25, yMax - 10);
        }
        var yStep = yMax - yMin > 40 ? 10 : yMax - yMin > 15 ? 5 : 2;

        double X(double n) => Left + (Math.Log10(n) - logMin) * (Width - Left - Right) / (logMax - logMin);
        double Y(double v) => Top + (yMax - Math.Clamp(v, yMin, yMax)) * (Height - Top - Bottom) / (yMax - yMin);

        for (var tick = yMin; tick <= yMax + 0.001; tick += yStep)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{ChartText.N(Left)}\" x2=\"{ChartText.N(Width - Right)}\" y1=\"{ChartText.N(Y(tick))}\" y2=\"{ChartText.N(Y(tick))}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{ChartText.N(Left - 6)}\" y=\"{ChartText.N(Y(tick) + 4)}\" text-anchor=\"end\">{tick.ToString("0", culture)}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{ChartText.N(Left)}\" y=\"{ChartText.N(Top - 12)}\" text-anchor=\"middle\">{ChartText.Escape(yAxisLabel)}</text>");

        // Ticks at 1, 2 and 5 times the powers of ten inside the range.
        for (var decade = Math.Pow(10, Math.Floor(logMin)); decade <= nMax; decade *= 10)
        {
            foreach (var tick in new[] { decade, 2 * decade, 5 * decade }.Where(t => t >= nMin && t <= nMax))
            {
                sb.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{ChartText.N(X(tick))}\" x2=\"{ChartText.N(X(tick))}\" y1=\"{ChartText.N(Top)}\" y2=\"{ChartText.N(Height - Bottom)}\"/>");
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{ChartText.N(X(tick))}\" y=\"{ChartText.N(Height - 30)}\" text-anchor=\"middle\">{tick.ToString("N0", culture)}</text>");
            }
        }
        sb.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{ChartText.N((Left + Width - Right) / 2)}\" y=\"{ChartText.N(Height - 8)}\" text-anchor=\"middle\">{ChartText.Escape(xAxisLabel)}</text>");

        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"mean\" x1=\"{ChartText.N(X(nMin))}\" x2=\"{ChartText.N(X(nMax))}\" y1=\"{ChartText.N(Y(target))}\" y2=\"{ChartText.N(Y(target))}\"/>");
        var limits = Enumerable.Range(0, LimitSamples + 1)
            .Select(i => Math.Pow(10, logMin + (logMax - logMin) * i / LimitSamples))
            .Select(n => (n, l: funnel.Limits(Math.Max(1, (long)Math.Round(n))))).ToList();
        void Line(string cssClass, Func<FunnelLimits, double> value) =>
            sb.Append(CultureInfo.InvariantCulture, $"<polyline class=\"{cssClass}\" points=\"{string.Join(' ', limits.Select(x => $"{ChartText.N(X(x.n))},{ChartText.N(Y(value(x.l)))}"))}\"/>");
        Line("limit95", l => l.Upper95);
        Line("limit95", l => l.Lower95);
        Line("limit998", l => l.Upper998);
        Line("limit998", l => l.Lower998);

        foreach (var p in points)
        {
            var label = $"{p.Label}: n = {p.Respondents.ToString("N0", culture)}, IKM {p.Value.ToString("0.00", culture)}";
            var cls = p.Position switch
            {
                FunnelPosition.Within => "dot",
                FunnelPosition.Above or FunnelPosition.FarAbove => "dot above",
                _ => "dot below",
            };
            var (x, y) = (X(p.Respondents), Y(p.Value));
            // The tip sits above the point, kept inside the plot; CSS shows it on hover and focus.
            var anchor = x > Width * 0.7 ? "end" : x < Width * 0.3 ? "start" : "middle";
            var tipY = y < Top + 24 ? y + 22 : y - 12;
            sb.Append(CultureInfo.InvariantCulture, $"<a class=\"point\" href=\"{ChartText.Escape(p.Href)}\" aria-label=\"{ChartText.Escape(label)}\"><title>{ChartText.Escape(label)}</title>");
            sb.Append(CultureInfo.InvariantCulture, $"<circle class=\"{cls}\" cx=\"{ChartText.N(x)}\" cy=\"{ChartText.N(y)}\" r=\"6\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tip\" x=\"{ChartText.N(x)}\" y=\"{ChartText.N(tipY)}\" text-anchor=\"{anchor}\" aria-hidden=\"true\">{ChartText.Escape(label)}</text></a>");
        }

        return sb.Append("</svg>").ToString();
    }
}

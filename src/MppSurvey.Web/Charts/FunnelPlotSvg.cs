using System.Globalization;
using System.Text;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Web.Charts;

/// <summary>
/// skm-method.md section 6, comparing regions fairly: each MPP's index against its respondents, with
/// the 95% and 99.8% control limits around the national mean (<see cref="FunnelLimits"/>). Every
/// point is a link to that MPP's dashboard, labelled for screen readers; the page adds a table too.
/// </summary>
public static class FunnelPlotSvg
{
    public sealed record Point(string Label, string Href, long Respondents, double Value, FunnelPosition Position);

    private const double Width = 640, Height = 340, Left = 48, Right = 24, Top = 16, Bottom = 48;
    private const int LimitSamples = 60;

    public static string Render(IReadOnlyList<Point> points, double nationalMean, double nationalStandardDeviation, string ariaLabel, string xAxisLabel, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(points);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart funnel\" viewBox=\"0 0 {Width} {Height}\" role=\"group\" aria-label=\"{SvgText.Escape(ariaLabel)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        if (points.Count == 0)
        {
            return sb.Append("</svg>").ToString();
        }

        var nMax = Math.Max(10, points.Max(p => p.Respondents)) * 1.05;
        // The limits start at a few respondents: below that they leave the scale and say nothing.
        var nMin = Math.Max(2, Math.Min(10, points.Min(p => p.Respondents)));
        var lowestLimit = FunnelLimits.For((long)nMin, nationalMean, nationalStandardDeviation).Lower998;
        var yMin = Math.Max(25, Math.Floor((Math.Min(points.Min(p => p.Value), lowestLimit) - 2) / 5) * 5);
        var yMax = Math.Min(100, Math.Ceiling((Math.Max(points.Max(p => p.Value), 2 * nationalMean - lowestLimit) + 2) / 5) * 5);
        if (yMax - yMin < 10)
        {
            yMin = Math.Max(25, yMax - 10);
        }

        double X(double n) => Left + n * (Width - Left - Right) / nMax;
        double Y(double v) => Top + (yMax - Math.Clamp(v, yMin, yMax)) * (Height - Top - Bottom) / (yMax - yMin);

        for (var tick = yMin; tick <= yMax + 0.001; tick += 5)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{SvgText.N(Left)}\" x2=\"{SvgText.N(Width - Right)}\" y1=\"{SvgText.N(Y(tick))}\" y2=\"{SvgText.N(Y(tick))}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{SvgText.N(Left - 6)}\" y=\"{SvgText.N(Y(tick) + 4)}\" text-anchor=\"end\">{tick.ToString("0", culture)}</text>");
        }

        var step = Math.Pow(10, Math.Floor(Math.Log10(nMax)));
        for (var tick = 0.0; tick <= nMax; tick += step)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{SvgText.N(X(tick))}\" y=\"{SvgText.N(Height - 26)}\" text-anchor=\"middle\">{tick.ToString("N0", culture)}</text>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{SvgText.N((Left + Width - Right) / 2)}\" y=\"{SvgText.N(Height - 4)}\" text-anchor=\"middle\">{SvgText.Escape(xAxisLabel)}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"mean\" x1=\"{SvgText.N(X(0))}\" x2=\"{SvgText.N(X(nMax))}\" y1=\"{SvgText.N(Y(nationalMean))}\" y2=\"{SvgText.N(Y(nationalMean))}\"/>");
        var ns = Enumerable.Range(0, LimitSamples + 1).Select(i => nMin + (nMax - nMin) * Math.Pow(i / (double)LimitSamples, 2)).ToList();
        var limits = ns.Select(n => (n, l: FunnelLimits.For((long)Math.Round(n), nationalMean, nationalStandardDeviation))).ToList();
        void Line(string cssClass, Func<FunnelLimits, double> value) =>
            sb.Append(CultureInfo.InvariantCulture, $"<polyline class=\"{cssClass}\" points=\"{string.Join(' ', limits.Select(x => $"{SvgText.N(X(x.n))},{SvgText.N(Y(value(x.l)))}"))}\"/>");
        Line("limit95", l => l.Upper95);
        Line("limit95", l => l.Lower95);
        Line("limit998", l => l.Upper998);
        Line("limit998", l => l.Lower998);

        foreach (var p in points)
        {
            var label = $"{p.Label}: {p.Value.ToString("0.00", culture)}, n = {p.Respondents.ToString("N0", culture)}";
            var cls = p.Position switch
            {
                FunnelPosition.Within => "dot",
                FunnelPosition.Above or FunnelPosition.FarAbove => "dot above",
                _ => "dot below",
            };
            sb.Append(CultureInfo.InvariantCulture, $"<a class=\"point\" href=\"{SvgText.Escape(p.Href)}\" aria-label=\"{SvgText.Escape(label)}\"><circle class=\"{cls}\" cx=\"{SvgText.N(X(p.Respondents))}\" cy=\"{SvgText.N(Y(p.Value))}\" r=\"6\"><title>{SvgText.Escape(label)}</title></circle></a>");
        }

        return sb.Append("</svg>").ToString();
    }
}

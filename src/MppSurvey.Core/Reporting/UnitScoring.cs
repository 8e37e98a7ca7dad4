using System.Globalization;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Reporting;

/// <summary>One unit of the index job: its period, template and place in the unit tree.</summary>
internal sealed record UnitKey(string Period, string Template, UnitKind Kind, string? ProvinceCode, int? MallId, string? RegencyCode, int? AgencyId, int? ServiceId,
    int? ServiceModel, int? Channel);

/// <summary>
/// Scores one unit of the index job from its aggregation rows (one per template version) with the
/// scoring engine, so the job and the `score` tool can never disagree. Pure: no I/O, safe to run for
/// many units at once.
/// </summary>
internal static class UnitScoring
{
    /// <summary>The unit's sums, merged across template versions by element code.</summary>
    internal readonly record struct Sums(string[] Codes, List<ElementTally> Tallies, List<ElementPairMoments> Pairs, long Respondents, long ScoreN,
        double MeanSum, double MeanSquares);

    public static IndexResult Score(UnitKey key, List<ResponseAggregation.Row> rows, Dictionary<int, SurveyTemplateVersion> versions,
        int? population, bool includeFlagged, DateTimeOffset snapshotAt)
    {
        var first = versions[rows[0].TemplateVersionId];
        var scale = new ScoreScale(first.ScaleMin, first.ScaleMax);
        var (codes, elementTallies, pairs, respondents, scoreN, meanSum, meanSquares) =
            rows.TrueForAll(r => r.TemplateVersionId == first.Id) ? OneVersion(rows, first.ElementCodes) : Merged(rows, versions);

        // Respondent-level scores (beside docs/method.md, The interval of the index): the respondent score is the mean answer x 25 for SKM (or rescaled to
        // 0-100 for other scales): a linear map a*m + b, applied to the sums of m and m^2.
        var isSkm = key.Template == "skm";
        var (a, b) = isSkm ? (25.0, 0.0) : (100.0 / (scale.Max - scale.Min), -100.0 * scale.Min / (scale.Max - scale.Min));
        var summary = new RespondentScoreSummary(scoreN, a * meanSum + b * scoreN, a * a * meanSquares + 2 * a * b * meanSum + b * b * scoreN);

        // The uncertainty of the official index itself (mean of element means), on the published scale.
        var standardError = IndexUncertainty.StandardError(elementTallies, pairs, scoreN) * a;
        decimal ikm, converted;
        string grade;
        ConfidenceInterval? ci;
        if (isSkm)
        {
            var index = IndexCalculator.Skm(elementTallies);
            (ikm, converted, grade) = (index.Ikm, index.ConvertedRounded, index.Grade.ToString());
            ci = ConfidenceInterval.FromStandardError((double)index.Converted, standardError, scoreN, ConfidenceInterval.SkmMinimum, ConfidenceInterval.ScaleMaximum);
        }
        else
        {
            var index = IndexCalculator.OnScale(elementTallies, codes, scale);
            (ikm, converted, grade) = (index.Index, index.RescaledRounded, "");
            ci = ConfidenceInterval.FromStandardError((double)index.Rescaled, standardError, scoreN, 0, ConfidenceInterval.ScaleMaximum);
        }

        return new IndexResult
        {
            PeriodCode = key.Period,
            TemplateCode = key.Template,
            UnitKind = key.Kind,
            UnitKey = key.Kind switch
            {
                UnitKind.National => "ID",
                UnitKind.Province => key.ProvinceCode!,
                UnitKind.Mall => key.RegencyCode!,
                UnitKind.Agency => key.AgencyId!.Value.ToString(CultureInfo.InvariantCulture),
                UnitKind.MallServiceModel => DeliveryUnits.Key(key.RegencyCode!, key.ServiceModel!.Value),
                UnitKind.MallChannel => DeliveryUnits.Key(key.RegencyCode!, key.Channel!.Value),
                UnitKind.NationalServiceModel => DeliveryUnits.Key(DeliveryUnits.NationalPrefix, key.ServiceModel!.Value),
                UnitKind.NationalChannel => DeliveryUnits.Key(DeliveryUnits.NationalPrefix, key.Channel!.Value),
                _ => key.ServiceId!.Value.ToString(CultureInfo.InvariantCulture),
            },
            ProvinceCode = key.ProvinceCode,
            MallId = key.MallId,
            AgencyId = key.AgencyId,
            ServiceId = key.ServiceId,
            Respondents = (int)respondents,
            ElementCodes = codes,
            ElementAnswered = elementTallies.Select(t => (int)t.Answered).ToArray(),
            ElementSums = elementTallies.Select(t => t.Sum).ToArray(),
            Ikm = ikm,
            Converted = converted,
            Grade = grade,
            ScoreN = summary.N,
            ScoreSum = summary.Sum,
            ScoreSumOfSquares = summary.SumOfSquares,
            StandardError = standardError,
            CiLow = ci?.Low,
            CiHigh = ci?.High,
            // docs/method.md, Sample size (Krejcie and Morgan): the Krejcie & Morgan target from the population the MPP entered.
            SampleTarget = population is int n ? (int)KrejcieMorgan.RequiredSample(n) : null,
            IncludesFlagged = includeFlagged,
            ComputedAt = snapshotAt,
        };
    }

    /// <summary>
    /// The usual case, every row of one template version: positions line up, so the sums are added in
    /// arrays. The tallies, the pairs and their order are those <see cref="Merged"/> builds, so the
    /// figures are the same to the last bit.
    /// </summary>
    internal static Sums OneVersion(List<ResponseAggregation.Row> rows, string[] codes)
    {
        var w = codes.Length;
        var answered = new long[w];
        var sums = new long[w];
        var squares = new long[w];
        // Per pair i < j of the version's elements: answered both, sum of i, sum of j, sum of products.
        var upper = new long[2 * w * Math.Max(0, w - 1)];
        long respondents = 0, scoreN = 0;
        double meanSum = 0, meanSquares = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < w; i++)
            {
                answered[i] += row.Answered[i];
                sums[i] += row.Sums[i];
                squares[i] += row.SquareSums[i];
            }
            // A row's pair sums run over its own width (a stored row is cut to the version's elements).
            var n = row.Answered.Length;
            var q = 0;
            for (var i = 0; i < w; i++)
            {
                var p = 4 * (i * n - i * (i + 1) / 2);
                for (var j = i + 1; j < w; j++, p += 4, q += 4)
                {
                    upper[q] += row.PairSums[p];
                    upper[q + 1] += row.PairSums[p + 1];
                    upper[q + 2] += row.PairSums[p + 2];
                    upper[q + 3] += row.PairSums[p + 3];
                }
            }
            respondents += row.Respondents;
            scoreN += row.ScoreN;
            meanSum += row.MeanAnswerSum;
            meanSquares += row.MeanAnswerSumOfSquares;
        }
        var tallies = new List<ElementTally>(w);
        var pairs = new List<ElementPairMoments>(w * (w + 1) / 2);
        for (var i = 0; i < w; i++)
        {
            tallies.Add(new ElementTally(codes[i], answered[i], sums[i]));
            pairs.Add(new ElementPairMoments(codes[i], codes[i], answered[i], sums[i], sums[i], squares[i]));
        }
        for (int i = 0, q = 0; i < w; i++)
        {
            for (var j = i + 1; j < w; j++, q += 4)
            {
                pairs.Add(new ElementPairMoments(codes[i], codes[j], upper[q], upper[q + 1], upper[q + 2], upper[q + 3]).Normalized());
            }
        }
        return new Sums((string[])codes.Clone(), tallies, pairs, respondents, scoreN, meanSum, meanSquares);
    }

    /// <summary>Rows of several versions of one template: merged by element code (codes keep the index comparable across versions).</summary>
    internal static Sums Merged(List<ResponseAggregation.Row> rows, Dictionary<int, SurveyTemplateVersion> versions)
    {
        var codes = new List<string>();
        var tallies = new Dictionary<string, (long answered, long sum)>(StringComparer.Ordinal);
        var pairs = new Dictionary<(string, string), ElementPairMoments>();
        long respondents = 0, scoreN = 0;
        double meanSum = 0, meanSquares = 0;
        foreach (var row in rows)
        {
            var version = versions[row.TemplateVersionId];
            for (var i = 0; i < version.ElementCodes.Length; i++)
            {
                var code = version.ElementCodes[i];
                if (!tallies.TryGetValue(code, out var t))
                {
                    codes.Add(code);
                }
                tallies[code] = (t.answered + row.Answered[i], t.sum + row.Sums[i]);
            }
            foreach (var pair in row.Pairs(version.ElementCodes).Select(p => p.Normalized()))
            {
                pairs[(pair.First, pair.Second)] = pairs.TryGetValue((pair.First, pair.Second), out var sum) ? sum.Plus(pair) : pair;
            }
            respondents += row.Respondents;
            scoreN += row.ScoreN;
            meanSum += row.MeanAnswerSum;
            meanSquares += row.MeanAnswerSumOfSquares;
        }
        return new Sums(codes.ToArray(), codes.Select(c => new ElementTally(c, tallies[c].answered, tallies[c].sum)).ToList(), pairs.Values.ToList(),
            respondents, scoreN, meanSum, meanSquares);
    }
}

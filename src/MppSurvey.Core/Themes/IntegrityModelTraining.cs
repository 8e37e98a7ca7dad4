namespace MppSurvey.Core.Themes;

/// <summary>
/// Trains the integrity model (IntegrityModel) from labelled sets (bench/run themes-train and
/// themes-cv): an L2-regularised logistic regression fitted by full-batch gradient descent
/// (deterministic: the same sets give the same file), and a threshold chosen on the training sets
/// alone by leave-one-set-out inside them: the lowest probability at which the classifier (lexicon
/// OR model) keeps its integrity precision at the target on the sets it did not train on. A false
/// alert mails the regent, so precision, not recall, fixes the threshold.
/// </summary>
internal static class IntegrityModelTraining
{
    public const double Regularisation = 1e-3;
    public const int Iterations = 1500;
    public const double TargetPrecision = 0.95;

    public sealed record Example(string Text, bool Integrity, List<string> Features);

    public static List<Example> Examples(IEnumerable<(SuggestionTheme Expected, string Text)> lines)
    {
        var lexicon = ThemeLexicon.Default;
        return lines.Select(l => new Example(l.Text, (l.Expected & SuggestionTheme.Integrity) != 0,
            IntegrityModel.Features(lexicon.Normaliser.Stems(l.Text), lexicon))).ToList();
    }

    /// <summary>A model from several sets: weights from all of them, the threshold from leave-one-set-out among them.</summary>
    public static IntegrityModel Train(IReadOnlyList<List<Example>> sets)
    {
        var all = sets.SelectMany(s => s).ToList();
        var threshold = sets.Count < 2 ? 0.5 : ChooseThreshold(sets);
        var (weights, bias) = Fit(all);
        return new IntegrityModel(weights, bias, threshold);
    }

    private static double ChooseThreshold(IReadOnlyList<List<Example>> sets)
    {
        var scored = new List<(double P, bool ByLexicon, bool Truth)>();
        for (var held = 0; held < sets.Count; held++)
        {
            var (weights, bias) = Fit(sets.Where((_, k) => k != held).SelectMany(s => s).ToList());
            var model = new IntegrityModel(weights, bias, 1);
            foreach (var e in sets[held])
            {
                var lexiconSays = SuggestionClassifier.Classify(e.Text, null, IntegrityModel.Silent).HasFlag(SuggestionTheme.Integrity);
                scored.Add((model.Probability(e.Features), lexiconSays, e.Integrity));
            }
        }
        var best = 0.95;
        foreach (var t in scored.Select(s => s.P).Where(p => p >= 0.05).Distinct().Order())
        {
            var said = scored.Where(s => s.ByLexicon || s.P >= t).ToList();
            var precision = said.Count == 0 ? 1 : (double)said.Count(s => s.Truth) / said.Count;
            if (precision >= TargetPrecision)
            {
                best = t;
                break;
            }
        }
        return best;
    }

    private static (Dictionary<string, double> Weights, double Bias) Fit(List<Example> examples)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = examples.Select(e => e.Features.Select(f => index.TryGetValue(f, out var k) ? k : index[f] = index.Count).ToArray()).ToList();
        var y = examples.Select(e => e.Integrity ? 1.0 : 0.0).ToArray();
        var w = new double[index.Count];
        var gradient = new double[index.Count];
        var bias = 0.0;
        var n = examples.Count;
        // Adagrad steps: rare stems get steps as large as frequent families, and the order of the
        // examples does not matter (full batch), so training is reproducible.
        var squares = new double[index.Count];
        var biasSquares = 0.0;
        const double rate = 0.5;
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            Array.Clear(gradient);
            var biasGradient = 0.0;
            for (var r = 0; r < n; r++)
            {
                var z = bias;
                foreach (var k in rows[r])
                {
                    z += w[k];
                }
                var error = 1 / (1 + Math.Exp(-z)) - y[r];
                biasGradient += error;
                foreach (var k in rows[r])
                {
                    gradient[k] += error;
                }
            }
            for (var k = 0; k < w.Length; k++)
            {
                var g = gradient[k] / n + Regularisation * w[k];
                squares[k] += g * g;
                w[k] -= rate * g / (Math.Sqrt(squares[k]) + 1e-8);
            }
            biasGradient /= n;
            biasSquares += biasGradient * biasGradient;
            bias -= rate * biasGradient / (Math.Sqrt(biasSquares) + 1e-8);
        }
        var weights = index.Where(p => Math.Abs(w[p.Value]) >= 1e-3).ToDictionary(p => p.Key, p => Math.Round(w[p.Value], 4), StringComparer.Ordinal);
        return (weights, Math.Round(bias, 4));
    }
}

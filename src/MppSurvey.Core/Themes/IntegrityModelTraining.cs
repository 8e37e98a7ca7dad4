namespace MppSurvey.Core.Themes;

/// <summary>
/// Trains the integrity model (IntegrityModel) from labelled sets (bench/run themes-train and
/// themes-cv): an L2-regularised logistic regression fitted by full-batch gradient descent
/// (deterministic: the same sets give the same file), and a threshold chosen on the training sets
/// alone by leave-one-set-out inside them: the highest probability at which the model ALONE still
/// finds the target share of integrity reports on the sets it did not train on. A missed bribery
/// report is the failure that matters and a false alert costs an administrator one click, so
/// recall fixes the threshold. The model alone, not lexicon OR model: the lexicon has read every
/// set, so on its training sets it finds nearly everything and would hide how little the model must
/// catch on a writer nobody has read yet.
/// </summary>
internal static class IntegrityModelTraining
{
    public const double Regularisation = 1e-3;
    public const int Iterations = 1000;
    public const double TargetRecall = 0.96;

    public sealed record Example(string Text, bool Integrity, List<string> Features);

    public static List<Example> Examples(IEnumerable<(SuggestionTheme Expected, string Text)> lines)
    {
        var lexicon = ThemeLexicon.Default;
        return lines.Select(l => new Example(l.Text, (l.Expected & SuggestionTheme.Integrity) != 0,
            IntegrityModel.Features(lexicon.Normaliser.Stems(l.Text), lexicon))).ToList();
    }

    /// <summary>A model from several sets: weights from all of them, the threshold from leave-one-set-out among them.</summary>
    public static IntegrityModel Train(IReadOnlyList<List<Example>> sets, double targetRecall = TargetRecall)
    {
        var all = sets.SelectMany(s => s).ToList();
        var threshold = sets.Count < 2 ? 0.5 : ChooseThreshold(OutOfFold(sets), targetRecall);
        var (weights, bias) = Fit(all);
        return new IntegrityModel(weights, bias, threshold);
    }

    /// <summary>Each example's probability from a model trained on the other sets, with its truth.</summary>
    public static List<(double P, bool Truth)> OutOfFold(IReadOnlyList<List<Example>> sets)
    {
        var scored = new List<(double P, bool Truth)>();
        for (var held = 0; held < sets.Count; held++)
        {
            var (weights, bias) = Fit(sets.Where((_, k) => k != held).SelectMany(s => s).ToList());
            var model = new IntegrityModel(weights, bias, 1);
            scored.AddRange(sets[held].Select(e => (model.Probability(e.Features), e.Integrity)));
        }
        return scored;
    }

    /// <summary>The highest threshold at which the out-of-fold probabilities find the target share of the reports.</summary>
    public static double ChooseThreshold(List<(double P, bool Truth)> scored, double targetRecall)
    {
        var positives = scored.Where(s => s.Truth).Select(s => s.P).OrderDescending().ToList();
        if (positives.Count == 0)
        {
            return 0.5;
        }
        var needed = (int)Math.Ceiling(targetRecall * positives.Count);
        // Just below the needed report's probability, never under a floor where everything is said.
        return Math.Max(0.02, positives[Math.Clamp(needed, 1, positives.Count) - 1] * 0.999);
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
        var weights = index.Where(p => Math.Abs(w[p.Value]) >= 5e-3).ToDictionary(p => p.Key, p => Math.Round(w[p.Value], 4), StringComparer.Ordinal);
        return (weights, Math.Round(bias, 4));
    }
}

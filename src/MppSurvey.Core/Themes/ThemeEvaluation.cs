namespace MppSurvey.Core.Themes;

/// <summary>
/// Measures the classifier on a labelled set (the citizens' voice: `bench/run themes` and the
/// development-set unit test): per theme support, precision, recall and F1, their macro mean over
/// the themes present in the set, and integrity recall. A line of the set is
/// "theme-keys&lt;TAB&gt;text", the keys comma-separated (SuggestionThemes.Key), "none" for no theme.
/// </summary>
public static class ThemeEvaluation
{
    public sealed record Score(SuggestionTheme Theme, int Support, int TruePositives, int FalsePositives, int FalseNegatives)
    {
        public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
        public double Recall => Support == 0 ? 1 : (double)TruePositives / Support;
        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    }

    public sealed record Report(int Lines, IReadOnlyList<Score> Scores, IReadOnlyList<(string Text, SuggestionTheme Expected, SuggestionTheme Got)> Misses)
    {
        /// <summary>The mean F1 over the themes that occur in the set (a theme with no example has no recall to speak of).</summary>
        public double MacroF1 => Scores.Where(s => s.Support > 0).Select(s => s.F1).DefaultIfEmpty(0).Average();
        public double IntegrityRecall => Scores.Single(s => s.Theme == SuggestionTheme.Integrity).Recall;
    }

    public static IEnumerable<(SuggestionTheme Expected, string Text)> Parse(IEnumerable<string> lines)
    {
        var keys = SuggestionThemes.All.ToDictionary(SuggestionThemes.Key);
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#'))
            {
                continue;
            }
            var tab = line.IndexOf('\t');
            if (tab < 0)
            {
                throw new FormatException($"line {number}: no tab between the theme keys and the text");
            }
            var expected = SuggestionTheme.None;
            foreach (var key in line[..tab].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (key == "none")
                {
                    continue;
                }
                expected |= keys.TryGetValue(key, out var theme) ? theme : throw new FormatException($"line {number}: unknown theme key \"{key}\"");
            }
            yield return (expected, line[(tab + 1)..]);
        }
    }

    public static Report Evaluate(IEnumerable<string> lines) => Evaluate(lines, t => SuggestionClassifier.Classify(t));

    /// <summary>The same with another classifier (an integrity model under cross-validation).</summary>
    internal static Report Evaluate(IEnumerable<string> lines, Func<string, SuggestionTheme> classify)
    {
        var set = Parse(lines).ToList();
        var results = set.Select(x => (x.Text, x.Expected, Got: classify(x.Text))).ToList();
        var scores = SuggestionThemes.All.Select(t => new Score(t,
            results.Count(r => (r.Expected & t) != 0),
            results.Count(r => (r.Expected & t) != 0 && (r.Got & t) != 0),
            results.Count(r => (r.Expected & t) == 0 && (r.Got & t) != 0),
            results.Count(r => (r.Expected & t) != 0 && (r.Got & t) == 0))).ToList();
        return new Report(set.Count, scores, results.Where(r => r.Expected != r.Got).ToList());
    }

    public static string Format(SuggestionTheme themes) =>
        themes == SuggestionTheme.None ? "none" : string.Join(',', SuggestionThemes.Split(themes).Select(SuggestionThemes.Key));
}

using System.Globalization;
using MppSurvey.Core.Themes;

namespace MppSurvey.Bench;

/// <summary>
/// The integrity model of the suggestion themes (IntegrityModel):
/// - `bench/run themes-cv [--target R] [--misses] [--forward]`: leave-one-set-out. For each labelled
///   set (bench/themes/labelled.tsv, labelled-2.tsv, ... in order), a model is trained on the others
///   (threshold chosen inside them for the recall target) and the classifier (lexicon OR model) is
///   measured on the one left out, which the model never saw. Printed beside the lexicon alone and
///   the model alone. The lexicon itself was corrected with every set, so each fold is unseen by
///   the model only; the "forward" lines are the honest check: the model trained only on the sets
///   written before the one measured (sets 1-4 for set 5, 1-5 for set 6, ...), as it would have been
///   shipped then. `--forward` prints those lines only; `--misses` lists each fold's integrity errors.
/// - `bench/run themes-train [--target R] [--upto N]`: the model trained on every set (or sets 1..N),
///   written to src/MppSurvey.Core/Themes/integrity-model.tsv (which changes the lexicon version).
/// </summary>
internal static class ThemesTraining
{
    // The first forward fold: sets 1-4 were written while the lexicon was being built.
    private const int FirstForward = 4;

    public static int Run(string root, string command, string[] args)
    {
        var c = CultureInfo.InvariantCulture;
        var setNames = SetFiles(Path.Combine(root, "bench", "themes"));
        var lines = setNames.Select(n => File.ReadAllLines(Path.Combine(root, "bench", "themes", n))).ToList();
        var sets = lines.Select(l => IntegrityModelTraining.Examples(ThemeEvaluation.Parse(l))).ToList();
        var target = args.SkipWhile(a => a != "--target").Skip(1).Select(a => double.Parse(a, c)).FirstOrDefault(IntegrityModelTraining.TargetRecall);
        if (command == "themes-train")
        {
            // --upto N: sets 1..N only (the shipped model leaves out the last set, measured on it once).
            var upto = args.SkipWhile(a => a != "--upto").Skip(1).Select(a => int.Parse(a, c)).FirstOrDefault(sets.Count);
            var model = IntegrityModelTraining.Train(sets.Take(upto).ToList(), target);
            var path = Path.Combine(root, "src", "MppSurvey.Core", "Themes", "integrity-model.tsv");
            File.WriteAllText(path, model.Serialise());
            Console.WriteLine(string.Create(c, $"{path}: {model.Weights.Count} weights, threshold {model.Threshold:0.000}; rebuild to use it"));
            var reread = IntegrityModel.Parse(File.ReadAllBytes(path));
            for (var k = 0; k < sets.Count; k++)
            {
                var s = ThemeEvaluation.Evaluate(lines[k], t => SuggestionClassifier.Classify(t, null, reread)).Scores.Single(x => x.Theme == SuggestionTheme.Integrity);
                Console.WriteLine(string.Create(c, $"{setNames[k],-16} ({(k < upto ? "trained on" : "not trained on")}) integrity precision {s.Precision:0.000}, recall {s.Recall:0.000}"));
            }
            return 0;
        }
        Console.WriteLine(string.Create(c, $"recall target {target:0.00} (threshold: model alone, out-of-fold on the training sets)"));
        Console.WriteLine($"{"held-out set",-16}{"classifier",-12}{"macro F1",9}{"int. P",8}{"int. R",8}{"found",8}{"thresh.",9}");
        var forward = Enumerable.Range(FirstForward, Math.Max(0, sets.Count - FirstForward))
            .Select(h => (Held: h, Training: Enumerable.Range(0, h).ToList(), Label: $"{h + 1} fwd (1-{h})"));
        var folds = args.Contains("--forward") ? forward
            : Enumerable.Range(0, sets.Count).Select(h => (Held: h, Training: Enumerable.Range(0, sets.Count).Where(k => k != h).ToList(), Label: setNames[h])).Concat(forward);
        foreach (var (held, training, label) in folds)
        {
            var model = IntegrityModelTraining.Train(training.Select(k => sets[k]).ToList(), target);
            var lexiconOnly = ThemeEvaluation.Evaluate(lines[held], t => SuggestionClassifier.Classify(t, null, IntegrityModel.Silent));
            var combined = ThemeEvaluation.Evaluate(lines[held], t => SuggestionClassifier.Classify(t, null, model));
            var modelOnly = ThemeEvaluation.Evaluate(lines[held], t => model.Says(IntegrityModel.Features(ThemeLexicon.Default.Normaliser.Stems(t), ThemeLexicon.Default)) ? SuggestionTheme.Integrity : SuggestionTheme.None);
            foreach (var (name, report) in new[] { ("lexicon", lexiconOnly), ("model", modelOnly), ("both", combined) })
            {
                var s = report.Scores.Single(x => x.Theme == SuggestionTheme.Integrity);
                var macro = name == "model" ? "" : report.MacroF1.ToString("0.000", c);
                Console.WriteLine(string.Create(c, $"{label,-16}{name,-12}{macro,9}{s.Precision,8:0.000}{s.Recall,8:0.000}{$"{s.TruePositives}/{s.Support}",8}{model.Threshold,9:0.000}"));
            }
            if (args.Contains("--misses"))
            {
                // The integrity lines the combined classifier got wrong on the set it never trained on.
                foreach (var (text, expected, got) in combined.Misses.Where(m => ((m.Expected ^ m.Got) & SuggestionTheme.Integrity) != 0))
                {
                    Console.WriteLine($"    {((expected & SuggestionTheme.Integrity) != 0 ? "missed" : "false"),-7}{text}");
                }
            }
        }
        return 0;
    }

    /// <summary>labelled.tsv, then labelled-2.tsv, labelled-3.tsv, ... in number order, as far as they go.</summary>
    private static string[] SetFiles(string folder)
    {
        var names = new List<string> { "labelled.tsv" };
        for (var k = 2; File.Exists(Path.Combine(folder, $"labelled-{k}.tsv")); k++)
        {
            names.Add($"labelled-{k}.tsv");
        }
        return [.. names];
    }
}

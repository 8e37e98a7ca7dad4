using System.Globalization;
using MppSurvey.Core.Themes;

namespace MppSurvey.Bench;

/// <summary>
/// The integrity model of the suggestion themes (IntegrityModel):
/// - `bench/run themes-cv`: the honest estimate. For each of the five labelled sets, a model is
///   trained on the other four (threshold chosen inside those four) and the classifier (lexicon
///   OR model) is measured on the fifth, which the model never saw. Printed beside the lexicon
///   alone and the model alone. The lexicon itself was corrected with every set, so each fold is unseen by the model
///   only. `--misses` lists each fold's integrity errors.
/// - `bench/run themes-train`: the model trained on all five sets, written to
///   src/MppSurvey.Core/Themes/integrity-model.tsv (which changes the lexicon version).
/// </summary>
internal static class ThemesTraining
{
    private static readonly string[] SetNames = ["labelled.tsv", "labelled-2.tsv", "labelled-3.tsv", "labelled-4.tsv", "labelled-5.tsv"];

    public static int Run(string root, string command, string[] args)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = SetNames.Select(n => File.ReadAllLines(Path.Combine(root, "bench", "themes", n))).ToList();
        var sets = lines.Select(l => IntegrityModelTraining.Examples(ThemeEvaluation.Parse(l))).ToList();
        if (command == "themes-train")
        {
            var model = IntegrityModelTraining.Train(sets);
            var path = Path.Combine(root, "src", "MppSurvey.Core", "Themes", "integrity-model.tsv");
            File.WriteAllText(path, model.Serialise());
            Console.WriteLine(string.Create(c, $"{path}: {model.Weights.Count} weights, threshold {model.Threshold:0.000}; rebuild to use it"));
            var reread = IntegrityModel.Parse(File.ReadAllBytes(path));
            for (var k = 0; k < sets.Count; k++)
            {
                var s = ThemeEvaluation.Evaluate(lines[k], t => SuggestionClassifier.Classify(t, null, reread)).Scores.Single(x => x.Theme == SuggestionTheme.Integrity);
                Console.WriteLine(string.Create(c, $"{SetNames[k],-16} (trained on) integrity precision {s.Precision:0.000}, recall {s.Recall:0.000}"));
            }
            return 0;
        }
        Console.WriteLine($"{"held-out set",-16}{"classifier",-12}{"macro F1",9}{"int. P",8}{"int. R",8}{"found",8}{"thresh.",9}");
        for (var held = 0; held < sets.Count; held++)
        {
            var model = IntegrityModelTraining.Train(sets.Where((_, k) => k != held).ToList());
            var lexiconOnly = ThemeEvaluation.Evaluate(lines[held], t => SuggestionClassifier.Classify(t, null, IntegrityModel.Silent));
            var combined = ThemeEvaluation.Evaluate(lines[held], t => SuggestionClassifier.Classify(t, null, model));
            var modelOnly = ThemeEvaluation.Evaluate(lines[held], t => model.Says(IntegrityModel.Features(ThemeLexicon.Default.Normaliser.Stems(t), ThemeLexicon.Default)) ? SuggestionTheme.Integrity : SuggestionTheme.None);
            foreach (var (name, report) in new[] { ("lexicon", lexiconOnly), ("model", modelOnly), ("both", combined) })
            {
                var s = report.Scores.Single(x => x.Theme == SuggestionTheme.Integrity);
                var macro = name == "model" ? "" : report.MacroF1.ToString("0.000", c);
                Console.WriteLine(string.Create(c, $"{SetNames[held],-16}{name,-12}{macro,9}{s.Precision,8:0.000}{s.Recall,8:0.000}{$"{s.TruePositives}/{s.Support}",8}{model.Threshold,9:0.000}"));
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
}

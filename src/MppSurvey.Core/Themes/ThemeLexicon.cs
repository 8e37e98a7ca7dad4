using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;

namespace MppSurvey.Core.Themes;

/// <summary>
/// The lexicon of the suggestion themes (the citizens' voice), read once from the data files built
/// into Core: lexicon.json (informal spellings, per theme its terms, weak terms, exceptions and
/// negation cues; the format is described in the file itself) and roots.txt (the stemmer's roots).
/// Every term goes through the same normalisation and stemming as a visitor's text.
/// </summary>
public sealed class ThemeLexicon
{
    /// <summary>One term of a theme, as a sequence of stems.</summary>
    internal sealed record Entry(SuggestionTheme Theme, string[] Stems, bool Weak);

    /// <summary>Two word families a few words apart ("salah" near "alamat" is a wrong document): either order.</summary>
    internal sealed record Near(SuggestionTheme Theme, HashSet<string> First, HashSet<string> Second, int Window);

    internal sealed record Negation(HashSet<string> Cues, HashSet<string> Fillers, List<string[]> After, HashSet<string> Conditions,
        List<string[]> Presence, List<string[]> PresenceAtEnd, HashSet<string> PresenceTail, HashSet<string> Questions,
        HashSet<string> Relatives, HashSet<string> Giving)
    {
        /// <summary>
        /// Whether the cue at <paramref name="cue"/> denies: not right after a condition ("kalau tidak
        /// kasih uang bensin" is a threat), not right after a relative when giving follows ("yang
        /// tidak ngasih amplop dilayani terakhir" is a retaliation; "yang tidak minta imbalan" still
        /// denies), not within three words after a question word ("kapan bebas dari calo?" says it is
        /// there; "kapan saja" is no question).
        /// </summary>
        public bool Denies(string[] stems, int cue)
        {
            if (cue > 0 && Conditions.Contains(stems[cue - 1]))
            {
                return false;
            }
            if (cue > 0 && Relatives.Contains(stems[cue - 1])
                && Enumerable.Range(cue + 1, Math.Max(0, Math.Min(stems.Length, cue + 3) - cue - 1)).Any(k => Giving.Contains(stems[k])))
            {
                return false;
            }
            for (var k = cue - 1; k >= 0 && k >= cue - 3; k--)
            {
                if (Questions.Contains(stems[k]) && stems[k + 1] is not ("saja" or "aja" or "pun"))
                {
                    return false;
                }
            }
            return true;
        }
    }

    private static readonly Lazy<ThemeLexicon> Built = new(Load);

    private readonly ConcurrentDictionary<string, string[]> _extraTerms = new(StringComparer.Ordinal);

    public static ThemeLexicon Default => Built.Value;

    /// <summary>
    /// A hash of the lexicon, root and integrity-model files: stored suggestions classified under another version are
    /// classified again (SuggestionReclassification).
    /// </summary>
    public required string Version { get; init; }

    public required TextNormaliser Normaliser { get; init; }

    internal Dictionary<string, List<Entry>> ByFirstStem { get; init; } = [];

    internal Dictionary<SuggestionTheme, List<string[]>> Exceptions { get; init; } = [];

    internal Dictionary<SuggestionTheme, Negation> Negations { get; init; } = [];

    internal List<Near> NearRules { get; init; } = [];

    /// <summary>
    /// Terms that, in a text reporting integrity, name what the bribe bought (integrity's 'purpose'):
    /// they then count for no other theme ("bayar 50rb biar cepat" is no praise of speed, rule 6).
    /// </summary>
    internal List<string[]> BribePurpose { get; init; } = [];

    /// <summary>The statistical second opinion on integrity (integrity-model.tsv).</summary>
    internal IntegrityModel IntegrityModel { get; init; } = IntegrityModel.Silent;

    /// <summary>The stems of a term an MPP added, computed once per distinct term.</summary>
    internal string[] StemsOfExtraTerm(string term)
    {
        if (_extraTerms.Count > 50_000)
        {
            _extraTerms.Clear();
        }
        return _extraTerms.GetOrAdd(term, t => Normaliser.Stems(t));
    }

    private static ThemeLexicon Load()
    {
        var assembly = typeof(ThemeLexicon).Assembly;
        byte[] Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The embedded resource {name} is missing from MppSurvey.Core.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        var lexiconBytes = Read("MppSurvey.Core.Themes.lexicon.json");
        var rootBytes = Read("MppSurvey.Core.Themes.roots.txt");
        var modelBytes = Read("MppSurvey.Core.Themes.integrity-model.tsv");
        return Build(lexiconBytes, rootBytes, modelBytes);
    }

    internal static ThemeLexicon Build(byte[] lexiconBytes, byte[] rootBytes, byte[] modelBytes)
    {
        var roots = new HashSet<string>(StringComparer.Ordinal);
        var variants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in System.Text.Encoding.UTF8.GetString(rootBytes).Split('\n'))
        {
            var entry = line.Trim().ToLowerInvariant();
            if (entry.Length == 0 || entry[0] == '#')
            {
                continue;
            }
            var parts = entry.Split('=', 2);
            roots.Add(parts[0]);
            if (parts.Length == 2)
            {
                variants[parts[0]] = parts[1];
                roots.Add(parts[1]);
            }
        }
        var file = JsonSerializer.Deserialize<LexiconFile>(lexiconBytes, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidOperationException("lexicon.json is empty.");
        var stemmer = new IndonesianStemmer(roots, variants);
        // The words of the terms are known words too: a slip in "pungutan" or "persyaratan" is corrected to them.
        var termWords = file.Themes.Values.SelectMany(t => t.Terms.Concat(t.Weak))
            .SelectMany(t => t.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var normaliser = new TextNormaliser(file.Spelling, stemmer, termWords);
        var keys = SuggestionThemes.All.ToDictionary(SuggestionThemes.Key);
        var byFirst = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        var exceptions = new Dictionary<SuggestionTheme, List<string[]>>();
        var negations = new Dictionary<SuggestionTheme, Negation>();
        var near = new List<Near>();
        var purpose = new List<string[]>();
        foreach (var (key, spec) in file.Themes)
        {
            if (!keys.TryGetValue(key, out var theme))
            {
                throw new InvalidOperationException($"lexicon.json names an unknown theme \"{key}\".");
            }
            foreach (var (terms, weak) in new[] { (spec.Terms, false), (spec.Weak, true) })
            {
                foreach (var stems in terms.Select(normaliser.Stems).Where(s => s.Length > 0))
                {
                    if (!byFirst.TryGetValue(stems[0], out var list))
                    {
                        byFirst[stems[0]] = list = [];
                    }
                    list.Add(new Entry(theme, stems, weak));
                }
            }
            purpose.AddRange(spec.Purpose.Select(normaliser.Stems).Where(p => p.Length > 0));
            foreach (var rule in spec.Near)
            {
                near.Add(new Near(theme, rule.First.SelectMany(normaliser.Stems).ToHashSet(StringComparer.Ordinal),
                    rule.Second.SelectMany(normaliser.Stems).ToHashSet(StringComparer.Ordinal), Math.Clamp(rule.Window, 1, 8)));
            }
            exceptions[theme] = spec.Except.Select(normaliser.Stems).Where(s => s.Length > 0).ToList();
            if (spec.NegatedBy.Count > 0)
            {
                // Single words as a set of stems; phrases as stem sequences, empty ones dropped.
                HashSet<string> Words(List<string> words) => words.SelectMany(normaliser.Stems).ToHashSet(StringComparer.Ordinal);
                List<string[]> Phrases(List<string> phrases) => phrases.Select(normaliser.Stems).Where(s => s.Length > 0).ToList();
                negations[theme] = new Negation(Words(spec.NegatedBy), Words(spec.Fillers), Phrases(spec.NegatedAfter), Words(spec.Conditions),
                    Phrases(spec.Presence), Phrases(spec.PresenceAtEnd), Words(spec.PresenceTail), Words(spec.Questions),
                    Words(spec.Relatives), Words(spec.Giving));
            }
        }
        // The model is part of the version: a retrained model re-classifies stored suggestions too.
        var hash = SHA256.HashData([.. lexiconBytes, 0, .. rootBytes, 0, .. modelBytes]);
        return new ThemeLexicon
        {
            Version = Convert.ToHexStringLower(hash)[..16],
            Normaliser = normaliser,
            ByFirstStem = byFirst,
            Exceptions = exceptions,
            Negations = negations,
            NearRules = near,
            BribePurpose = purpose,
            IntegrityModel = IntegrityModel.Parse(modelBytes),
        };
    }

    private sealed class LexiconFile
    {
        public Dictionary<string, string> Spelling { get; init; } = [];
        public Dictionary<string, ThemeSpec> Themes { get; init; } = [];
    }

    private sealed class ThemeSpec
    {
        public List<string> Terms { get; init; } = [];
        public List<string> Weak { get; init; } = [];
        public List<string> Except { get; init; } = [];
        public List<string> NegatedBy { get; init; } = [];
        public List<string> Fillers { get; init; } = [];
        public List<string> NegatedAfter { get; init; } = [];
        public List<string> Conditions { get; init; } = [];
        public List<string> Presence { get; init; } = [];
        public List<string> Questions { get; init; } = [];
        public List<string> PresenceAtEnd { get; init; } = [];
        public List<string> PresenceTail { get; init; } = [];
        public List<string> Relatives { get; init; } = [];
        public List<string> Giving { get; init; } = [];
        public List<NearSpec> Near { get; init; } = [];
        public List<string> Purpose { get; init; } = [];
    }

    private sealed class NearSpec
    {
        public List<string> First { get; init; } = [];
        public List<string> Second { get; init; } = [];
        public int Window { get; init; } = 3;
    }
}

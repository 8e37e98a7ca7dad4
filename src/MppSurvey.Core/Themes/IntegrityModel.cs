using System.Globalization;
using System.Text;

namespace MppSurvey.Core.Themes;

/// <summary>
/// A statistical second opinion on integrity (the citizens' voice): a logistic regression over the
/// stems of a suggestion, trained on the labelled sets (bench/run themes-train), stored as a data
/// file (integrity-model.tsv) built into Core. Every writer brings bribe phrasings no phrase list
/// foresaw, but they share word families: something of value (a money word, an amount), a giving or
/// asking verb, an officer or a document, a way around the official path. The model weighs those
/// families (the "f:" features below) together with single stems and stem pairs, so a new euphemism
/// that lands in the same families scores high although no term names it. Stems after a negation
/// cue of the integrity theme ("tidak ada", "jangan", "bebas") are features of their own ("!stem"):
/// a denial or a wish reads differently from a report. When the lexicon's terms state an absence,
/// the classifier counts the model's "yes" only at a much higher probability (SuggestionClassifier).
/// </summary>
internal sealed class IntegrityModel
{
    private const int NegationScope = 3;
    private const int MinGram = 3;
    private const int MaxGram = 5;

    // The word families: a stem (after normalisation and stemming) belongs to a family when it, or
    // the stem of one of these words, is equal. Written from the labelling rules (bench/themes/README.md
    // rule 7), not from any labelled line.
    private static readonly (string Name, string[] Words)[] FamilyWords =
    [
        ("value", ["uang", "duit", "ongkos", "imbalan", "tip", "fee", "money", "cash", "pulsa", "rokok", "kopi", "amplop",
            "ribu", "rebu", "rb", "k", "jt", "juta", "rupiah", "rp", "gocap", "goceng", "ceban", "cepek", "gopek", "seceng",
            "noceng", "pitih", "hepeng", "doi", "ewu", "seratus", "lima puluh", "bensin", "makan", "oleh", "parsel", "hadiah", "gift"]),
        ("give", ["kasih", "kasi", "ngasih", "beri", "titip", "selip", "sisip", "transfer", "tf", "bayar", "setor", "pay", "paid",
            "give", "gave", "tambah", "tambahan", "sumbang", "sangu", "traktir", "belikan", "bawakan"]),
        ("ask", ["minta", "suruh", "tagih", "pinta", "palak", "paksa", "harus", "wajib", "kudu", "asked", "demand", "expect",
            "jaluk", "penta", "mangido", "tawar", "nawar", "offer", "kode", "isyarat", "sindir", "halus"]),
        ("officer", ["petugas", "pegawai", "staf", "staff", "oknum", "satpam", "security", "loket", "operator", "bapak", "ibu",
            "mas", "mbak", "orang", "officer", "clerk", "pak", "bu", "abang", "kasir", "cs", "teller", "meja", "dalam"]),
        ("document", ["ktp", "kk", "sim", "akta", "paspor", "passport", "izin", "berkas", "surat", "dokumen", "sertifikat",
            "npwp", "stnk", "bpkb", "nib", "map", "permit", "license", "licence"]),
        ("speed", ["cepat", "cepet", "kilat", "duluan", "dahulu", "prioritas", "lancar", "beres", "kelar", "selesai", "jadi",
            "faster", "quick", "skip", "langsung", "sehari", "hari"]),
        ("outside", ["belakang", "jalur", "jalan", "kenal", "kenalan", "saudara", "ordal", "dalam", "jasa", "joki", "bantu",
            "urus", "tembak", "khusus", "pintu", "samping", "titip", "nitip", "perantara", "makelar", "calo", "biro", "agen"]),
        ("official", ["resmi", "struk", "kuitansi", "kwitansi", "karcis", "tarif", "bukti", "nota", "official", "receipt", "pnbp", "sesuai"]),
        ("free", ["gratis", "free", "cuma"]),
        ("illicit", ["padahal", "katanya", "ternyata", "diam", "sembunyi", "bisik", "tanpa", "liar", "luar", "pribadi", "rekening", "rek",
            "ikhlas", "seikhlasnya", "sukarela", "terima kasih", "lelah", "capek", "rokok", "kopi", "damai", "pelicin"]),
    ];

    private static readonly (string A, string B)[] FamilyPairs =
    [
        ("value", "officer"), ("value", "document"), ("value", "speed"), ("value", "ask"), ("value", "give"),
        ("give", "officer"), ("give", "speed"), ("ask", "officer"), ("ask", "give"), ("outside", "speed"),
        ("outside", "officer"), ("value", "free"), ("value", "illicit"), ("give", "illicit"), ("value", "official"),
    ];

    private readonly Dictionary<string, double> _weights;

    internal IntegrityModel(Dictionary<string, double> weights, double bias, double threshold)
    {
        _weights = weights;
        Bias = bias;
        Threshold = threshold;
    }

    public double Bias { get; }

    /// <summary>The probability from which the model says integrity.</summary>
    public double Threshold { get; }

    public IReadOnlyDictionary<string, double> Weights => _weights;

    /// <summary>A model that never says integrity (no data file).</summary>
    public static IntegrityModel Silent { get; } = new([], -50, 1);

    public double Probability(IReadOnlyList<string> features)
    {
        var z = Bias;
        foreach (var f in features)
        {
            if (_weights.TryGetValue(f, out var w))
            {
                z += w;
            }
        }
        return 1 / (1 + Math.Exp(-z));
    }

    public bool Says(IReadOnlyList<string> features) => Probability(features) >= Threshold;

    /// <summary>
    /// The features of a text's stems: "u:stem" (or "u:!stem" inside a negation's scope), "b:stem_stem"
    /// for neighbours, "f:family" for each word family present and "f:a+b" for pairs of families
    /// ("f:negation" when a cue occurs), and "c:gram" for character 3- to 5-grams of the stems.
    /// Each feature once: the model reads presence, not counts.
    /// </summary>
    public static List<string> Features(string[] stems, ThemeLexicon lexicon)
    {
        var families = Families.Value;
        lexicon.Negations.TryGetValue(SuggestionTheme.Integrity, out var negation);
        var features = new HashSet<string>(StringComparer.Ordinal);
        var present = new HashSet<string>(StringComparer.Ordinal);
        var negatedUntil = -1;
        for (var i = 0; i < stems.Length; i++)
        {
            var s = stems[i];
            var negated = i <= negatedUntil;
            features.Add(negated ? "u:!" + s : "u:" + s);
            if (i + 1 < stems.Length)
            {
                features.Add("b:" + s + "_" + stems[i + 1]);
            }
            if (!negated && families.TryGetValue(s, out var names))
            {
                present.UnionWith(names);
            }
            if (negation is not null && negation.Cues.Contains(s) && negation.Denies(stems, i))
            {
                negatedUntil = i + NegationScope;
                features.Add("f:negation");
            }
        }
        foreach (var name in present)
        {
            features.Add("f:" + name);
        }
        // Character 3- to 5-grams of the stems as one text ("c:" features): a paraphrase, a new
        // affix or a slip the stemmer did not undo still shares most of its grams with the phrasings
        // of the sets (dimintain, mintain, permintaan), so the model reads word families it was
        // never told about.
        var joined = " " + string.Join(' ', stems) + " ";
        for (var n = MinGram; n <= MaxGram; n++)
        {
            for (var i = 0; i + n <= joined.Length; i++)
            {
                features.Add(string.Concat("c:", joined.AsSpan(i, n)));
            }
        }
        foreach (var (a, b) in FamilyPairs)
        {
            if (present.Contains(a) && present.Contains(b))
            {
                features.Add("f:" + a + "+" + b);
            }
        }
        return [.. features];
    }

    private static readonly Lazy<Dictionary<string, HashSet<string>>> Families = new(() =>
    {
        var normaliser = ThemeLexicon.Default.Normaliser;
        var map = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (name, words) in FamilyWords)
        {
            foreach (var stem in words.SelectMany(w => normaliser.Stems(w).Append(w)))
            {
                if (!map.TryGetValue(stem, out var set))
                {
                    map[stem] = set = new HashSet<string>(StringComparer.Ordinal);
                }
                set.Add(name);
            }
        }
        return map;
    });

    /// <summary>The data file: a comment line, "threshold", "bias", then one "feature TAB weight" a line, sorted.</summary>
    public string Serialise()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append("# Integrity model of the suggestion themes (IntegrityModel); written by bench/run themes-train.\n");
        text.Append(c, $"threshold\t{Threshold:R}\n");
        text.Append(c, $"bias\t{Bias:R}\n");
        foreach (var (feature, weight) in _weights.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(c, $"{feature}\t{weight:R}\n");
        }
        return text.ToString();
    }

    public static IntegrityModel Parse(byte[] bytes)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        double bias = 0, threshold = 0.5;
        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var tab = line.LastIndexOf('\t');
            var value = double.Parse(line[(tab + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            switch (line[..tab])
            {
                case "threshold": threshold = value; break;
                case "bias": bias = value; break;
                default: weights[line[..tab]] = value; break;
            }
        }
        return new IntegrityModel(weights, bias, threshold);
    }
}

namespace MppSurvey.Core.Themes;

/// <summary>
/// Integrity recognition beyond fixed phrases (the citizens' voice): a bribe is described in
/// endless euphemisms ("nitip 100 biar cepet", "kudu ada duit rokoknye", "disuruh ngasih kopi"), so
/// besides the lexicon's terms two proximity rules look at the stems:
/// - purpose: something of value (money word, amount unit, "titip") and a speed or priority
///   word joined by a purpose connector (biar/supaya/agar/asal/baru/kalau/so/if) within a few words,
///   in either order ("bayar 50rb biar cepat", "kalau mau cepat harus ada duit");
/// - request: a request verb (minta, suruh, kudu, asked) followed closely by a money word or a
///   giving verb ("petugas minta pulsa", "disuruh ngasih kopi"); a bare amount is not enough, since
///   "tukang parkir minta 10rb" is a parking fee (cost) unless the text says it is illicit;
/// - pairs: two words a few apart that describe a trade no counter does officially ("nyelipin 50rb",
///   "jual nomor antrean", "kenal satpam, dipanggil duluan", "minta 5rb padahal gratis").
/// A rule match does not count after a negation cue of the integrity theme (the classifier's
/// negation), nor when the text states the payment was official (sesuai tarif, ada struk/kuitansi):
/// an official fee paid to be served is cost, not integrity.
/// </summary>
internal static class IntegrityRules
{
    private const int Window = 6;
    private const int RequestWindow = 3;

    // Giving verbs (kasih, bayar, pay) are not value words on their own: "bayar qris biar cepat" and
    // "kasih info biar cepat" are no bribe; the money word or amount has to be there.
    private static readonly string[] ValueWords =
    [
        "uang", "duit", "ongkos", "imbalan", "tip", "fee", "money", "cash", "pulsa", "rokok", "kopi",
        "amplop", "envelope", "ribu", "rebu", "rb", "k", "jt", "juta", "gocap", "goceng", "ceban", "cepek",
        "gopek", "seceng", "noceng", "pitih", "hepeng", "doi", "ewu", "sesuatu", "something", "dibelikan", "traktir", "titip", "selip", "sogok",
    ];

    private static readonly string[] RequestValueWords =
    [
        "uang", "duit", "ongkos", "imbalan", "tip", "fee", "money", "cash", "pulsa", "rokok", "kopi",
        "amplop", "gocap", "goceng", "ceban", "cepek", "pitih", "hepeng", "doi", "sesuatu", "something", "dibelikan", "traktir",
        "kasih", "beri", "titip", "jatah", "bagian", "komisi", "extra", "contribute", "makan",
        "lebih",
    ];

    private static readonly string[] Connectors = ["biar", "supaya", "agar", "asal", "asalkan", "baru", "kalau", "so", "if", "to", "for", "bila", "jika", "ben", "men", "supayo", "bia"];

    private static readonly string[] SpeedWords =
    [
        "cepat", "cepet", "lancar", "duluan", "dahulu", "didahulukan", "prioritas", "kilat", "beres",
        "kelar", "proses", "diproses", "skip", "speed", "faster", "quick", "quickly", "smooth",
        "smoothly", "atas", "antre", "line", "queue", "dibantu", "bantu", "urus", "selesai", "dilayani", "nyangkut",
    ];

    private static readonly string[] RequestVerbs = ["minta", "suruh", "kudu", "wajib", "asked", "told", "demanded", "hinted", "pinta", "tagih", "penta", "dipenta", "mangido", "jaluk", "njaluk", "dijaluk", "palak", "dipalak", "expect", "expects"];

    /// <summary>Word pairs that, a few words apart, describe a trade no counter does officially.</summary>
    private static readonly (string[] First, string[] Second)[] Pairs =
    [
        (["selip", "sisip"], ["uang", "duit", "ribu", "rebu", "rb", "0", "amplop", "money", "cash"]),
        (["jual", "beli", "sell", "sold"], ["nomor", "antre", "number", "ticket"]),
        (["padahal"], ["gratis", "free"]),
        (["ribu", "rebu", "rb", "ewu", "uang", "duit", "pitih", "hepeng"], ["terima"]),
        (["kenal", "saudara", "keluarga"], ["duluan", "didahulukan", "dahulu", "serobot", "langsung"]),
    ];

    private static readonly string[][] OfficialPhrases = [["sesuai", "tarif"], ["ada", "struk"], ["ada", "kuitansi"], ["ada", "karcis"], ["sesuai", "aturan"], ["tarif", "resmi"], ["biaya", "resmi"],
        // Paying through the official channels (QRIS, a bank) names the payment official: with the
        // recall threshold the model would otherwise read "bayar ... biar cepat" as a bribe.
        ["pakai", "qris"], ["lewat", "qris"], ["via", "qris"], ["lewat", "bank"], ["via", "bank"]];

    private static readonly Lazy<Vocabulary> Words = new(() => new Vocabulary(ThemeLexicon.Default.Normaliser).Fill());

    /// <summary>The rule matches: where a negation cue would stand before, and where its words end.</summary>
    internal static IEnumerable<(int Start, int End)> Matches(string[] stems)
    {
        var words = Words.Value;
        if (Official(stems))
        {
            yield break;
        }
        for (var i = 0; i < stems.Length; i++)
        {
            if (words.Connectors.Contains(stems[i]) && PurposeAround(stems, i, words))
            {
                var value = FirstValueBefore(stems, i, words);
                yield return (value >= 0 ? value : i, i + 1);
            }
            foreach (var (first, second) in words.Pairs)
            {
                if (first.Contains(stems[i]))
                {
                    var j = Array.FindIndex(stems, i + 1, Math.Min(RequestWindow + 3, stems.Length - i - 1), second.Contains);
                    // "uang ... terima" is money accepted; "uang ... terima kasih" is only thanks.
                    if (j > i && !(stems[j] == "terima" && j + 1 < stems.Length && stems[j + 1] == "kasih"))
                    {
                        yield return (i, j + 1);
                    }
                }
            }
            if (words.Requests.Contains(stems[i]))
            {
                for (var j = i + 1; j < stems.Length && j <= i + RequestWindow; j++)
                {
                    if (words.RequestValues.Contains(stems[j]))
                    {
                        yield return (i, j + 1);
                        break;
                    }
                }
            }
        }
    }

    internal static bool Official(string[] stems)
    {
        foreach (var phrase in OfficialPhrases)
        {
            for (var i = 0; i + 1 < stems.Length; i++)
            {
                if (stems[i] == phrase[0] && stems[i + 1] == phrase[1] && (i == 0 || stems[i - 1] != "tidak" && stems[i - 1] != "tanpa"))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>value ... connector ... speed, or connector ... speed ... value.</summary>
    private static bool PurposeAround(string[] stems, int connector, Vocabulary words)
    {
        var speedAfter = Enumerable.Range(connector + 1, Math.Max(0, Math.Min(stems.Length, connector + 1 + Window) - connector - 1))
            .FirstOrDefault(k => words.Speed.Contains(stems[k]), -1);
        if (speedAfter < 0)
        {
            return false;
        }
        if (FirstValueBefore(stems, connector, words) >= 0)
        {
            return true;
        }
        for (var k = speedAfter + 1; k < stems.Length && k <= speedAfter + Window; k++)
        {
            if (words.Values.Contains(stems[k]))
            {
                return true;
            }
        }
        return false;
    }

    private static int FirstValueBefore(string[] stems, int connector, Vocabulary words)
    {
        for (var k = connector - 1; k >= 0 && k >= connector - Window; k--)
        {
            if (words.Values.Contains(stems[k]))
            {
                return k;
            }
        }
        return -1;
    }

    private sealed class Vocabulary(TextNormaliser normaliser)
    {
        private HashSet<string> Set(IEnumerable<string> list) => list.SelectMany(w => normaliser.Stems(w).Append(w)).ToHashSet(StringComparer.Ordinal);

        public HashSet<string> Values { get; } = [];
        public HashSet<string> RequestValues { get; } = [];
        public HashSet<string> Connectors { get; } = [];
        public HashSet<string> Speed { get; } = [];
        public HashSet<string> Requests { get; } = [];
        public List<(HashSet<string> First, HashSet<string> Second)> Pairs { get; } = [];

        public Vocabulary Fill()
        {
            Values.UnionWith(Set(ValueWords));
            RequestValues.UnionWith(Set(RequestValueWords));
            Connectors.UnionWith(Set(IntegrityRules.Connectors));
            Speed.UnionWith(Set(SpeedWords));
            Requests.UnionWith(Set(RequestVerbs));
            Pairs.AddRange(IntegrityRules.Pairs.Select(p => (Set(p.First), Set(p.Second))));
            return this;
        }
    }
}

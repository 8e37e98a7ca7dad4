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
///   "jual nomor antrean", "kenal satpam, dipanggil duluan", "minta 5rb padahal gratis", "disuruh
///   bayar biar diloloskan", "tidak mau bayar, berkasnya dipersulit").
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

    /// <summary>
    /// Word pairs that, a few words apart, describe a trade no counter does officially. Via: a word
    /// of it must stand between the two ("dipersulit sampai akhirnya bayar", "bayar biar lolos"), since
    /// "dipersulit, mohon kasih penjelasan" and "bayar, berkas lolos" report nothing. Refusal: a
    /// word of it must stand just before the first ("tidak mau bayar, berkasnya dipersulit"); the
    /// refusal is part of the report, so its cue does not deny it.
    /// </summary>
    private sealed record Pair(string[] First, string[] Second, string[]? Via = null, string[]? Refusal = null);

    private static readonly string[] Payments = ["bayar", "uang", "duit", "amplop", "kasih", "beri", "setor", "transfer", "pelicin", "money", "pay", "paid"];
    private static readonly string[] Refusals = ["tidak", "tolak", "menolak", "ogah", "enggan", "emoh", "refused"];

    private static readonly Pair[] Pairs =
    [
        new(["selip", "sisip"], ["uang", "duit", "ribu", "rebu", "rb", "0", "amplop", "money", "cash"]),
        new(["jual", "beli", "sell", "sold", "dagang"], ["nomor", "number", "ticket"]),
        new(["nomor"], ["jual", "sell", "sold", "dagang"]),
        // Made difficult until one pays, or for not paying.
        new(["persulit", "persusah"], Payments, Via: ["sampai", "baru", "biar", "supaya", "agar", "kalau", "asal", "until", "unless"]),
        new(Payments, ["persulit", "persusah"], Refusal: Refusals),
        // Paid so that what should not pass passes: no official fee buys that.
        new(Payments, ["lolos", "diloloskan", "loloskan", "meloloskan"], Via: ["biar", "supaya", "agar", "asal", "so"]),
        new(["padahal"], ["gratis", "free"]),
        new(["ribu", "rebu", "rb", "ewu", "uang", "duit", "pitih", "hepeng"], ["terima"]),
        new(["kenal", "saudara", "keluarga"], ["duluan", "didahulukan", "dahulu", "serobot", "langsung"]),
    ];

    private static readonly string[][] OfficialPhrases = [["sesuai", "tarif"], ["sesuai", "aturan"], ["tarif", "resmi"], ["biaya", "resmi"],
        // Paying through the official channels (QRIS, a bank) names the payment official: with the
        // recall threshold the model would otherwise read "bayar ... biar cepat" as a bribe.
        ["pakai", "qris"], ["lewat", "qris"], ["via", "qris"], ["lewat", "bank"], ["via", "bank"]];

    private static readonly Lazy<Vocabulary> Words = new(() => new Vocabulary(ThemeLexicon.Default.Normaliser).Fill());

    /// <summary>
    /// The rule matches: where a negation cue would stand before, where its words end, and whether
    /// a cue cannot deny it (its pattern contains the refusal). The caller asks only when the text
    /// does not state the payment official (<see cref="Official"/>), which it needs for the model too.
    /// </summary>
    internal static IEnumerable<(int Start, int End, bool Undeniable)> Matches(string[] stems)
    {
        var words = Words.Value;
        for (var i = 0; i < stems.Length; i++)
        {
            if (words.Connectors.Contains(stems[i]) && PurposeAround(stems, i, words))
            {
                var value = FirstValueBefore(stems, i, words);
                yield return (value >= 0 ? value : i, i + 1, false);
            }
            foreach (var pair in words.Pairs)
            {
                if (!pair.First.Contains(stems[i]) || Thanks(stems, i))
                {
                    continue;
                }
                var refused = pair.Refusal is not null && Array.FindIndex(stems, Math.Max(0, i - 2), i - Math.Max(0, i - 2), pair.Refusal.Contains) >= 0;
                if (pair.Refusal is not null && !refused)
                {
                    continue;
                }
                var j = Array.FindIndex(stems, i + 1, Math.Min(RequestWindow + 3, stems.Length - i - 1), k => pair.Second.Contains(k));
                // "uang ... terima" is money accepted; "uang ... terima kasih" is only thanks.
                if (j > i && !(stems[j] == "terima" && j + 1 < stems.Length && stems[j + 1] == "kasih") && !Thanks(stems, j)
                    && (pair.Via is null || Array.FindIndex(stems, i + 1, j - i - 1, pair.Via.Contains) >= 0))
                {
                    yield return (i, j + 1, refused);
                }
            }
            if (words.Requests.Contains(stems[i]))
            {
                for (var j = i + 1; j < stems.Length && j <= i + RequestWindow; j++)
                {
                    if (words.RequestValues.Contains(stems[j]) && !Thanks(stems, j))
                    {
                        yield return (i, j + 1, false);
                        break;
                    }
                }
            }
        }
    }

    // A receipt named without a denial before it ("dapat kuitansi", "ada struknya semua") makes the
    // payment official; "tidak dikasih struk", "tanpa kuitansi" are the lexicon's integrity terms.
    private static readonly string[] Receipts = ["struk", "kuitansi", "kwitansi", "karcis", "receipt", "nota", "invoice", "pnbp"];
    private static readonly string[] ReceiptDenials = ["tidak", "tanpa", "belum", "no", "without", "bukan", "palsu", "mana"];

    /// <summary>"kasih" in "terima kasih" is thanks, not giving.</summary>
    private static bool Thanks(string[] stems, int i) => stems[i] == "kasih" && i > 0 && stems[i - 1] == "terima";

    internal static bool Official(string[] stems)
    {
        for (var i = 0; i < stems.Length; i++)
        {
            // "tanda terima" is a receipt, "tanda terima kasih" a gift.
            // A queue ticket ("karcis antrean") is no receipt.
            var receipt = Receipts.Contains(stems[i]) && !(i + 1 < stems.Length && stems[i + 1] is "antre" or "nomor")
                || stems[i] == "tanda" && i + 1 < stems.Length && stems[i + 1] == "terima" && (i + 2 == stems.Length || stems[i + 2] != "kasih");
            if (receipt && !stems.AsSpan(Math.Max(0, i - 3), Math.Min(stems.Length, i + 2) - Math.Max(0, i - 3)).ContainsAny(ReceiptDenials)
                && !Contrasted(stems, i + 1))
            {
                return true;
            }
        }
        foreach (var phrase in OfficialPhrases)
        {
            for (var i = 0; i + 1 < stems.Length; i++)
            {
                if (stems[i] == phrase[0] && stems[i + 1] == phrase[1] && (i == 0 || stems[i - 1] != "tidak" && stems[i - 1] != "tanpa") && !Contrasted(stems, i + 2))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// Whether the official payment just named is contradicted right after it: "kwitansi 30rb tapi
    /// disuruh bayar 50rb", "biayanya resmi tidak segitu" report an overcharge, not an official fee.
    /// A contrast about something else ("sesuai tarif, tapi baru selesai 3 hari") is none: a payment
    /// or money word must follow it.
    /// </summary>
    private static bool Contrasted(string[] stems, int after)
    {
        var words = Words.Value;
        for (var k = after; k < stems.Length && k < after + 4; k++)
        {
            if (k == after && stems[k] is "tidak" or "bukan")
            {
                return true;
            }
            if (Contrasts.Contains(stems[k]))
            {
                for (var m = k + 1; m < stems.Length && m <= k + 4; m++)
                {
                    if (words.Values.Contains(stems[m]) || words.Requests.Contains(stems[m]) || stems[m] is "bayar" or "tagih" or "ditagih")
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static readonly string[] Contrasts = ["tapi", "tetapi", "padahal", "namun", "but", "malah", "ternyata"];

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
        public List<(HashSet<string> First, HashSet<string> Second, HashSet<string>? Via, HashSet<string>? Refusal)> Pairs { get; } = [];

        public Vocabulary Fill()
        {
            Values.UnionWith(Set(ValueWords));
            RequestValues.UnionWith(Set(RequestValueWords));
            Connectors.UnionWith(Set(IntegrityRules.Connectors));
            Speed.UnionWith(Set(SpeedWords));
            Requests.UnionWith(Set(RequestVerbs));
            Pairs.AddRange(IntegrityRules.Pairs.Select(p => (Set(p.First), Set(p.Second), p.Via is null ? null : Set(p.Via), p.Refusal is null ? null : Set(p.Refusal))));
            return this;
        }
    }
}

namespace MppSurvey.Core.Themes;

/// <summary>
/// Repairs a word the lexicon does not know (the citizens' voice: suggestion themes), so that a writer
/// the lexicon's author never read is still understood. Tried in order, each only when the result is
/// a known word (a root, an informal spelling, or a word of a lexicon term), so a word nothing
/// explains is left as it is:
/// - a regional possessive or definite suffix: Javanese -e/-ne/-ipun/-nipun ("antrine", "petugase",
///   "antrenipun"), Sundanese -na ("ngantrina"), Minangkabau -nyo ("antrinyo");
/// - two words typed as one ("tidakramah", "gakramah"): both halves at least four letters, or the
///   first an informal spelling ("gak"), so "halaman" stays one word;
/// - one typing slip in a long word, when exactly one known word of at least six letters is that
///   close: a letter missing or added ("kasian", "toilets"), a vowel shifted as informal, regional
///   and English spellings shift it ("dateng", "system", "survey"), or two neighbours swapped in a word
///   of seven letters or more. A consonant for a consonant is never a slip: Indonesian is full of
///   such pairs ("pokok"/"rokok", "bentar"/"bentak", "broken"/"broker"). Short words are left alone:
///   "pantas" must not become "panas".
/// Plain loops over a length-bucketed word list: bounded work, no backtracking.
/// </summary>
internal sealed class WordRepair
{
    private const int MinTypoLength = 6;

    private static readonly string[] RegionalSuffixes = ["nipun", "ipun", "nyo", "ne", "na", "e"];

    private readonly Func<string, bool> _known;
    private readonly Func<string, bool> _informal;
    private readonly Dictionary<int, List<string>> _byLength = [];

    /// <param name="known">Whether a word is known (a root after stemming, a spelling, a term word).</param>
    /// <param name="vocabulary">The words a slip may be corrected to.</param>
    public WordRepair(Func<string, bool> known, Func<string, bool> informal, IEnumerable<string> vocabulary)
    {
        _known = known;
        _informal = informal;
        foreach (var word in vocabulary.Where(w => w.Length >= MinTypoLength && w.All(char.IsLetter)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!_byLength.TryGetValue(word.Length, out var list))
            {
                _byLength[word.Length] = list = [];
            }
            list.Add(word);
        }
    }

    /// <summary>The known word or words the token stands for, or null when nothing explains it.</summary>
    public string[]? Repair(string token)
    {
        if (token.Length < 4 || !token.All(char.IsLetter))
        {
            return null;
        }
        foreach (var suffix in RegionalSuffixes)
        {
            if (token.Length - suffix.Length >= 4 && token.EndsWith(suffix, StringComparison.Ordinal) && _known(token[..^suffix.Length]))
            {
                return [token[..^suffix.Length]];
            }
        }
        for (var cut = 3; cut <= token.Length - 4; cut++)
        {
            if ((cut >= 4 || _informal(token[..cut])) && _known(token[..cut]) && _known(token[cut..]))
            {
                return [token[..cut], token[cut..]];
            }
        }
        return Slip(token) is { } corrected ? [corrected] : null;
    }

    private string? Slip(string token)
    {
        if (token.Length < MinTypoLength)
        {
            return null;
        }
        string? found = null;
        for (var length = token.Length - 1; length <= token.Length + 1; length++)
        {
            if (!_byLength.TryGetValue(length, out var words))
            {
                continue;
            }
            foreach (var word in words)
            {
                if (OneEditApart(token, word))
                {
                    if (found is not null && found != word)
                    {
                        return null;
                    }
                    found = word;
                }
            }
        }
        return found;
    }

    /// <summary>
    /// The vowel shifts of informal and regional spelling: a/e ("dateng", "seneng"), i/e ("praktik",
    /// "ngerti"), u/o ("nomor"), y/i (English "system", "survey"). Others change the word: "pantas" is not "pintas".
    /// </summary>
    private static bool VowelShift(char a, char b) => (a, b) is ('a', 'e') or ('e', 'a') or ('i', 'e') or ('e', 'i') or ('u', 'o') or ('o', 'u') or ('y', 'i') or ('i', 'y');

    /// <summary>
    /// One letter added or missing, a vowel shifted (VowelShift), or (seven letters or more) two neighbours
    /// swapped; never a consonant for a consonant.
    /// </summary>
    internal static bool OneEditApart(string a, string b)
    {
        if (a == b || Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }
        if (a.Length == b.Length)
        {
            if (a.AsSpan(prefix + 1).SequenceEqual(b.AsSpan(prefix + 1)))
            {
                return VowelShift(a[prefix], b[prefix]);
            }
            return a.Length >= 7 && prefix + 1 < a.Length && a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix]
                && a.AsSpan(prefix + 2).SequenceEqual(b.AsSpan(prefix + 2));
        }
        var (longer, shorter) = a.Length > b.Length ? (a, b) : (b, a);
        return longer.AsSpan(prefix + 1).SequenceEqual(shorter.AsSpan(prefix));
    }
}

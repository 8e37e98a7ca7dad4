namespace MppSurvey.Core.Themes;

/// <summary>
/// Reduces an Indonesian word to its root so that "pelayanannya", "dilayani" and "melayani" all
/// meet the lexicon as "layan" (the citizens' voice: suggestion themes). The rules are those of
/// Nazief and Adriani as the Sastrawi stemmer applies them: inflectional particles (-lah, -kah,
/// -tah, -pun), possessives (-ku, -mu, -nya), derivational suffixes (-i, -kan, -an), then up to
/// three prefixes (di-, ke-, se-, me-, pe-, be-, te- with their nasal variants), each step checked
/// against a root list so that a word the list does not know is returned unchanged instead of
/// being cut to a wrong root. Informal nasal forms ("ngantri", "nunggu", "nyari") and the
/// colloquial suffix -in ("dilayanin") are tried last, with the same check.
/// </summary>
public sealed class IndonesianStemmer
{
    private readonly IReadOnlySet<string> _roots;
    private readonly IReadOnlyDictionary<string, string> _variants;

    /// <param name="roots">Known roots; a word is only cut down to one of these.</param>
    /// <param name="variants">Non-standard spellings of a root and the standard one ("antri" is "antre").</param>
    public IndonesianStemmer(IReadOnlySet<string> roots, IReadOnlyDictionary<string, string>? variants = null)
    {
        _roots = roots;
        _variants = variants ?? new Dictionary<string, string>();
    }

    public bool IsRoot(string word) => _roots.Contains(word);

    /// <summary>The known roots (what a typing slip may be corrected to).</summary>
    public IEnumerable<string> Roots => _roots;

    /// <summary>The root of a lower-case word, or the word itself when no rule leads to a known root.</summary>
    public string Stem(string word)
    {
        var root = Find(word);
        return _variants.TryGetValue(root, out var standard) ? standard : root;
    }

    private string Find(string word)
    {
        if (word.Length <= 3 || _roots.Contains(word))
        {
            return word;
        }
        foreach (var withoutParticle in Distinct(word, StripEnd(word, "lah", "kah", "tah", "pun")))
        {
            foreach (var withoutPossessive in Distinct(withoutParticle, StripEnd(withoutParticle, "nya", "ku", "mu")))
            {
                if (_roots.Contains(withoutPossessive))
                {
                    return withoutPossessive;
                }
                // The longest suffix first ("-kan" before "-an"), then the word with its suffix kept
                // (Nazief-Adriani's backtracking: "pertanian" is "tani" + "-an", "bertanya" keeps its "a").
                foreach (var candidate in SuffixVariants(withoutPossessive))
                {
                    if (_roots.Contains(candidate))
                    {
                        return candidate;
                    }
                    if (StripPrefixes(candidate, 3) is { } root)
                    {
                        return root;
                    }
                }
            }
        }
        return word;
    }

    private static IEnumerable<string> Distinct(string word, string? shorter) =>
        shorter is null || shorter == word ? [word] : [shorter, word];

    private static string? StripEnd(string word, params string[] endings)
    {
        foreach (var ending in endings)
        {
            if (word.Length - ending.Length >= 3 && word.EndsWith(ending, StringComparison.Ordinal))
            {
                return word[..^ending.Length];
            }
        }
        return null;
    }

    private static IEnumerable<string> SuffixVariants(string word)
    {
        if (StripEnd(word, "kan") is { } kan)
        {
            yield return kan;
        }
        if (StripEnd(word, "an") is { } an)
        {
            yield return an;
        }
        if (StripEnd(word, "i") is { } i)
        {
            yield return i;
        }
        if (StripEnd(word, "in") is { } colloquial)
        {
            yield return colloquial;
        }
        yield return word;
    }

    private string? StripPrefixes(string word, int depth)
    {
        if (depth == 0 || word.Length <= 3)
        {
            return null;
        }
        foreach (var rest in PrefixVariants(word))
        {
            if (rest.Length < 2)
            {
                continue;
            }
            if (_roots.Contains(rest))
            {
                return rest;
            }
            if (StripPrefixes(rest, depth - 1) is { } deeper)
            {
                return deeper;
            }
        }
        return null;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    /// <summary>What may remain after one prefix, with the sound the nasal replaced put back.</summary>
    private static IEnumerable<string> PrefixVariants(string w)
    {
        if (w.StartsWith("di", StringComparison.Ordinal) || w.StartsWith("ke", StringComparison.Ordinal) || w.StartsWith("se", StringComparison.Ordinal))
        {
            yield return w[2..];
        }
        if (w.StartsWith("me", StringComparison.Ordinal) || w.StartsWith("pe", StringComparison.Ordinal))
        {
            foreach (var rest in Nasal(w[2..]))
            {
                yield return rest;
            }
            if (w.StartsWith("per", StringComparison.Ordinal))
            {
                yield return w[3..];
            }
        }
        if (w.StartsWith("be", StringComparison.Ordinal) || w.StartsWith("te", StringComparison.Ordinal))
        {
            if (w.Length > 3 && w[2] == 'r')
            {
                yield return w[3..];
            }
            yield return w[2..];
        }
        // Colloquial nasal prefixes without "me-": "ngantri", "ngurus", "nunggu", "nyari", "mbayar".
        if (w.StartsWith("nge", StringComparison.Ordinal))
        {
            yield return w[3..];
        }
        if (w[0] == 'n' || w[0] == 'm')
        {
            foreach (var rest in Nasal(w))
            {
                yield return rest;
            }
        }
    }

    /// <summary>
    /// The nasal forms of me-/pe- and what they stand for: meng + vowel is a vowel or k ("mengurus" urus,
    /// "mengeluh" keluh), meny + vowel is s or c, men + vowel is t ("menunggu" tunggu), mem + vowel is p
    /// ("memakai" pakai), and before b/c/d/f/g/h/j/p/v/z the nasal simply goes ("membayar" bayar).
    /// Plain me-/pe- before l, r, w, y, m, n ("melayani", "pelayanan") leave the rest as it is.
    /// </summary>
    private static IEnumerable<string> Nasal(string s)
    {
        if (s.Length < 2)
        {
            yield break;
        }
        if (s.StartsWith("ng", StringComparison.Ordinal) && s.Length > 2)
        {
            var rest = s[2..];
            yield return rest;
            if (IsVowel(rest[0]))
            {
                yield return "k" + rest;
            }
        }
        if (s.StartsWith("ny", StringComparison.Ordinal) && s.Length > 2 && IsVowel(s[2]))
        {
            yield return "s" + s[2..];
            yield return "c" + s[2..];
        }
        if (s[0] == 'n' && s[1] is not ('g' or 'y'))
        {
            var rest = s[1..];
            yield return IsVowel(rest[0]) ? "t" + rest : rest;
            if (IsVowel(rest[0]))
            {
                yield return s;
            }
        }
        if (s[0] == 'm')
        {
            var rest = s[1..];
            if (IsVowel(rest[0]))
            {
                yield return "p" + rest;
                yield return s;
            }
            else
            {
                yield return rest;
            }
        }
        if (s[0] is 'l' or 'r' or 'w' or 'y' or 'm' or 'n')
        {
            yield return s;
        }
    }
}

using System.Globalization;
using System.Text;

namespace MppSurvey.Core.Themes;

/// <summary>
/// Turns a visitor's informal suggestion into the words the lexicon is written in (the citizens'
/// voice: suggestion themes): Unicode NFKC and lower case, invisible characters (zero-width spaces,
/// joiners, direction marks) dropped so they cannot split a word, everything that is neither letter
/// nor digit a word break, letters typed over ("lamaa", "bangettt") collapsed, the reduplication
/// digit read as the repetition it marks ("petugas2" is "petugas petugas"), and informal spellings and abbreviations ("yg", "gak", "krn",
/// "makasih") replaced from the lexicon's spelling list. Written as plain loops, so no input can
/// make it backtrack. A word still unknown after that is repaired when a known word explains it
/// (WordRepair: regional suffixes, two words typed as one, one typing slip), and English
/// contractions are opened ("didn't" is "did not") so that "not" can negate.
/// </summary>
public sealed class TextNormaliser
{
    private readonly IReadOnlyDictionary<string, string> spelling;
    private readonly IndonesianStemmer stemmer;
    private readonly HashSet<string> _termWords;
    private readonly WordRepair _repair;

    /// <param name="termWords">The words of the lexicon's terms: known even when no root explains them, and what a slip is corrected to.</param>
    public TextNormaliser(IReadOnlyDictionary<string, string> spelling, IndonesianStemmer stemmer, IEnumerable<string>? termWords = null)
    {
        this.spelling = spelling;
        this.stemmer = stemmer;
        _termWords = (termWords ?? []).ToHashSet(StringComparer.Ordinal);
        _repair = new WordRepair(Known, w => spelling.TryGetValue(w, out var v) && v.Length > 0,
            _termWords.Concat(stemmer.Roots).Concat(spelling.Where(p => p.Value.Length > 0).SelectMany(p => new[] { p.Key, p.Value })));
    }

    /// <summary>Longer text is cut: a suggestion box holds far less, and the work stays bounded.</summary>
    public const int MaxLength = 4000;

    private const int MaxTokenLength = 40;

    /// <summary>The normalised words of a text, before stemming.</summary>
    public List<string> Words(string text) => Words(text, repair: true);

    /// <param name="repair">
    /// False for a term an administrator types (ThemeTerm): it is stored as typed, not as WordRepair
    /// reads it ("responses" stays, not "respon"); it still matches, since its stems are repaired
    /// when it is matched, like the visitor's text.
    /// </param>
    public List<string> Words(string text, bool repair)
    {
        var words = new List<string>();
        foreach (var raw in RawTokens(Clean(text)))
        {
            if (raw.Length == 0)
            {
                // A "2" glued to a word repeats it ("oleh2" is "oleh oleh", as a phrase term expects).
                if (words.Count > 0)
                {
                    words.Add(words[^1]);
                }
                continue;
            }
            var token = Collapse(raw);
            if (spelling.TryGetValue(token, out var replacement))
            {
                words.AddRange(replacement.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else if (repair && !Known(token) && _repair.Repair(token) is { } parts)
            {
                foreach (var part in parts)
                {
                    words.AddRange(spelling.TryGetValue(part, out var spelt) ? spelt.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [part]);
                }
            }
            else
            {
                words.Add(token);
            }
        }
        return words;
    }

    /// <summary>What WordRepair made of one token, or null when it was known or left alone (for bench/run themes-terms).</summary>
    internal string[]? Repaired(string raw)
    {
        var token = Collapse(raw);
        return spelling.ContainsKey(token) || Known(token) ? null : _repair.Repair(token);
    }

    /// <summary>The stems of the normalised words: what the lexicon is matched against.</summary>
    public string[] Stems(string text) => Words(text).Select(stemmer.Stem).ToArray();

    private static string Clean(string text)
    {
        if (text.Length > MaxLength)
        {
            text = text[..MaxLength];
        }
        // A lone surrogate (cut emoji, a broken client) would make Normalize throw: drop it first.
        var sound = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // Thumbs up, clapping, hundred, hearts and stars say the same as "mantap".
                var emoji = char.ConvertToUtf32(c, text[i + 1]);
                sound.Append(emoji is 0x1F44D or 0x1F44F or 0x1F4AF or 0x1F60D or 0x1F970 or 0x2B50 or 0x1F31F ? " mantap " : " ");
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                sound.Append(' ');
            }
            else
            {
                sound.Append(c is '\u2764' or '\u2B50' ? " mantap " : c);
            }
        }
        // Decomposed (KD), so that an accent or a stacked mark stays a mark of its own, which the
        // tokens drop: "punglí" and "ṖUNGLI" are "pungli". Composed (KC), a mark on a letter became a
        // different letter and hid the word. Full-width letters ("ＡＣ") fold to ASCII either way.
        return Contractions(sound.ToString().Normalize(NormalizationForm.FormKD).ToLowerInvariant());
    }

    /// <summary>"didn't", "can't", "won't" (straight or curly apostrophe) carry "not" as a word of its own.</summary>
    private static string Contractions(string text)
    {
        if (text.IndexOf('\'') < 0 && text.IndexOf('\u2019') < 0)
        {
            return text;
        }
        return text.Replace('\u2019', '\'').Replace("can't", "can not").Replace("won't", "will not").Replace("n't", " not");
    }

    /// <summary>
    /// Letters and digits are words; "50rb" is "50" and "rb"; a "2" glued to a word marks it as
    /// repeated ("antri2") and comes out empty, while "antri 2 jam" keeps its number.
    /// </summary>
    private static IEnumerable<string> RawTokens(string text)
    {
        var token = new StringBuilder();
        var inDigits = false;
        var digitsGluedToWord = false;
        foreach (var c in text)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }
            var isLetter = char.IsLetter(c);
            var isDigit = char.IsDigit(c);
            if (token.Length > 0 && (isLetter && inDigits || isDigit && !inDigits))
            {
                var glued = isDigit;
                if (Flush(token, digitsGluedToWord && inDigits) is { } done)
                {
                    yield return done;
                }
                digitsGluedToWord = glued;
            }
            if (isLetter || isDigit)
            {
                if (token.Length == 0 && isDigit && !inDigits)
                {
                    digitsGluedToWord = digitsGluedToWord && isDigit;
                }
                if (token.Length < MaxTokenLength)
                {
                    token.Append(c);
                }
                inDigits = isDigit;
            }
            else
            {
                if (token.Length > 0 && Flush(token, digitsGluedToWord && inDigits) is { } done)
                {
                    yield return done;
                }
                digitsGluedToWord = false;
                inDigits = false;
            }
        }
        if (token.Length > 0 && Flush(token, digitsGluedToWord && inDigits) is { } last)
        {
            yield return last;
        }
    }

    /// <summary>Every number is "0" to the lexicon ("0 jam" is a duration, "0 ribu" an amount).</summary>
    private static string? Flush(StringBuilder token, bool gluedDigits)
    {
        var s = token.ToString();
        token.Clear();
        if (!char.IsDigit(s[0]))
        {
            return s;
        }
        return gluedDigits && s == "2" ? "" : "0";
    }

    /// <summary>
    /// "bangettt" and "lamaa": runs of three or more letters become one; a doubled letter is kept
    /// when the word is known as written ("tunggu", "maaf") and undone only when that yields a known word.
    /// </summary>
    private string Collapse(string token)
    {
        if (token.Length < 3 || Known(token))
        {
            return token;
        }
        var once = Squeeze(token, 3);
        if (Known(once))
        {
            return once;
        }
        var all = Squeeze(token, 2);
        return Known(all) ? all : once;
    }

    private bool Known(string word) => spelling.ContainsKey(word) || _termWords.Contains(word) || stemmer.IsRoot(stemmer.Stem(word));

    /// <summary>Every run of at least <paramref name="run"/> equal characters becomes one.</summary>
    private static string Squeeze(string token, int run)
    {
        var result = new StringBuilder(token.Length);
        var i = 0;
        while (i < token.Length)
        {
            var j = i;
            while (j < token.Length && token[j] == token[i])
            {
                j++;
            }
            result.Append(token[i], j - i >= run ? 1 : j - i);
            i = j;
        }
        return result.ToString();
    }
}

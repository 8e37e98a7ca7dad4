namespace MppSurvey.Core.Themes;

/// <summary>
/// Sorts a suggestion into themes (the citizens' voice). The text is normalised (informal spelling,
/// abbreviations, letters typed over) and stemmed (IndonesianStemmer), then every term of the
/// lexicon (ThemeLexicon: lexicon.json, plus the terms the visitor's MPP added) is looked for as a
/// run of stems. Integrity is also recognised by proximity rules (IntegrityRules: a money word
/// joined to a speed word by "biar/supaya", a request verb before a money word), since bribes are
/// described in euphemisms no phrase list covers. Three rules refine a bare match:
/// - negation: for themes that declare cue words (integrity, praise) a term right after a cue,
///   with only filler words between, does not count: "tidak ada pungli" reports no gratuity and
///   "kurang puas" is no praise. Other themes keep their match: "tidak ramah" is about conduct.
/// - exceptions: words inside a theme's exception phrase do not count for it ("ruang tunggu" is
///   seating, not waiting time).
/// - weak terms ("kotor", "ruangan", "penuh") count only when no other theme of the same SKM
///   element matched on a strong term: a dirty toilet is the toilet theme, not facilities in general.
/// Besides phrases, a theme may name two word families that count when they stand a few words apart
/// ("near" in lexicon.json: "salah" near "alamat" or "tgl lahir" is a wrong document, whatever words
/// the writer put between).
/// Integrity has a third, statistical opinion (IntegrityModel, trained on the labelled sets), counted
/// when neither terms nor rules found it; when the text negated an integrity term, only if the model
/// is sure (DeniedThreshold).
/// Pure code: the lexicon is read once; nothing else is touched.
/// </summary>
public static class SuggestionClassifier
{
    private const int MaxFillers = 4;

    /// <summary>The widest negated rule match read as one act with the integrity terms inside it.</summary>
    private const int OneActSpan = 4;

    /// <summary>
    /// The integrity model's threshold when the text negated every integrity term it used: the
    /// model must be sure. Chosen on the forward checks (bench/run themes-cv): never letting the
    /// model overrule a denial missed one or two reports per set; 0.5 and 0.7 found no more than 0.8
    /// at lower precision.
    /// </summary>
    private const double DeniedThreshold = 0.8;

    /// <summary>The version of the built-in lexicon; stored themes from another version are recomputed.</summary>
    public static string LexiconVersion => ThemeLexicon.Default.Version;

    /// <param name="text">The suggestion as the visitor wrote it; null or blank has no theme.</param>
    /// <param name="extraTerms">Terms an MPP's administrators added to the lexicon, with their theme.</param>
    public static SuggestionTheme Classify(string? text, IReadOnlyList<(SuggestionTheme Theme, string Term)>? extraTerms = null) =>
        Classify(text, extraTerms, ThemeLexicon.Default.IntegrityModel);

    /// <summary>The same with another integrity model (training and its cross-validation).</summary>
    internal static SuggestionTheme Classify(string? text, IReadOnlyList<(SuggestionTheme Theme, string Term)>? extraTerms, IntegrityModel model)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return SuggestionTheme.None;
        }
        var lexicon = ThemeLexicon.Default;
        var stems = lexicon.Normaliser.Stems(text);
        if (stems.Length == 0)
        {
            return SuggestionTheme.None;
        }
        var matches = new List<(ThemeLexicon.Entry Entry, int Start)>();
        for (var i = 0; i < stems.Length; i++)
        {
            if (lexicon.ByFirstStem.TryGetValue(stems[i], out var entries))
            {
                matches.AddRange(entries.Where(e => At(stems, i, e.Stems)).Select(e => (e, i)));
            }
        }
        foreach (var rule in lexicon.NearRules)
        {
            // Placed where the pair begins (a negation cue stands before it), named by its second
            // word ("petugas ... bantu" is "bantu": a bribe's purpose when integrity is reported).
            if (NearAt(stems, rule) is { } at)
            {
                matches.Add((new ThemeLexicon.Entry(rule.Theme, [stems[at.Second]], false), at.Start));
            }
        }
        foreach (var (theme, term) in extraTerms ?? [])
        {
            var termStems = lexicon.StemsOfExtraTerm(term);
            if (termStems.Length == 0)
            {
                continue;
            }
            for (var i = 0; i < stems.Length; i++)
            {
                if (At(stems, i, termStems))
                {
                    matches.Add((new ThemeLexicon.Entry(theme, termStems, false), i));
                }
            }
        }

        var denied = matches.Where(m => !PresentAfter(lexicon, stems, m.Entry.Theme, m.Start + m.Entry.Stems.Length)
            && (Negated(lexicon, stems, m.Entry.Theme, m.Start) || NegatedAfter(lexicon, stems, m.Entry.Theme, m.Start + m.Entry.Stems.Length))).ToList();
        // A match overlapping a negated match of its theme is negated with it: in "tidak ada yang
        // minta uang rokok" the cue stands before "minta uang", and "uang rokok" is the same request.
        // So is an integrity term inside a negated rule match: in "tidak ada yang minta amplop" the
        // cue negates the request "minta amplop", and "amplop" is that same request.
        // A payment stated as official ("sesuai tarif", "ada struk") is cost: no rule reads it as a
        // bribe, and the model does not decide it either (below).
        var official = IntegrityRules.Official(stems);
        var ruleMatches = official ? [] : IntegrityRules.Matches(stems).ToList();
        // Only a short rule match (a request and its object) is one act with the term inside it;
        // a wide pair may hold a second report ("tidak kenal orang dalam, tapi calo langsung dilayani").
        var ruleDenied = ruleMatches.Where(m => !m.Undeniable && !PresentAfter(lexicon, stems, SuggestionTheme.Integrity, m.End)
            && (Negated(lexicon, stems, SuggestionTheme.Integrity, m.Start) || NegatedAfter(lexicon, stems, SuggestionTheme.Integrity, m.End))).ToList();
        var counted = matches.Where(m => !Excepted(lexicon, stems, m.Entry, m.Start) && !denied.Any(d => d.Entry.Theme == m.Entry.Theme && Overlap(d, m))
            && !(m.Entry.Theme == SuggestionTheme.Integrity && ruleDenied.Any(r => r.End - r.Start <= OneActSpan
                && r.Start < m.Start + Math.Max(1, m.Entry.Stems.Length) && m.Start < r.End))).ToList();
        if (!counted.Any(m => m.Entry.Theme == SuggestionTheme.Integrity) && ruleMatches.Count > ruleDenied.Count)
        {
            counted.Add((new ThemeLexicon.Entry(SuggestionTheme.Integrity, [], false), 0));
        }
        // The model's second opinion. It must be sure (DeniedThreshold) when an integrity term or
        // rule matched and every one was negated or excepted: the text then mostly states an absence
        // ("tidak ada pungli, petugas ramah") or a wish ("jangan sampai diminta uang"), but a denial
        // can sit beside a report the words did not catch ("sy tolak ngasih uang kopi, skrg berkas
        // sy entah kemana"), and the model reads negated stems as features of their own.
        // It does not decide a payment stated as official ("sesuai tarif", "ada struk") or a
        // parking fee (labelling rule 7: integrity only when the text itself says it is illicit,
        // which the lexicon's terms and rules read).
        var integrityNegated = matches.Any(m => m.Entry.Theme == SuggestionTheme.Integrity) || ruleMatches.Count > 0;
        var modelExcluded = official || counted.Any(m => m.Entry.Theme == SuggestionTheme.Parking);
        if (!counted.Any(m => m.Entry.Theme == SuggestionTheme.Integrity) && !modelExcluded
            && model.Probability(IntegrityModel.Features(stems, lexicon)) is var p
            && p >= (integrityNegated ? Math.Max(DeniedThreshold, model.Threshold) : model.Threshold))
        {
            counted.Add((new ThemeLexicon.Entry(SuggestionTheme.Integrity, [], false), 0));
        }
        if (counted.Any(m => m.Entry.Theme == SuggestionTheme.Integrity) && lexicon.BribePurpose.Count > 0)
        {
            // What the bribe bought ("biar cepat", "dibantu") is its purpose, not a theme of its own.
            counted.RemoveAll(m => m.Entry.Theme is not SuggestionTheme.Integrity && m.Entry.Stems.Length > 0
                && lexicon.BribePurpose.Any(p => p.AsSpan().SequenceEqual(m.Entry.Stems)));
        }
        var strong = counted.Where(m => !m.Entry.Weak).Aggregate(SuggestionTheme.None, (all, m) => all | m.Entry.Theme);
        var themes = strong;
        foreach (var (entry, _) in counted.Where(m => m.Entry.Weak))
        {
            var element = SuggestionThemes.ElementCode(entry.Theme);
            var moreSpecific = SuggestionThemes.Split(strong).Any(t => t != entry.Theme && element is not null && SuggestionThemes.ElementCode(t) == element);
            if (!moreSpecific)
            {
                themes |= entry.Theme;
            }
        }
        return themes;
    }

    private static bool Overlap((ThemeLexicon.Entry Entry, int Start) a, (ThemeLexicon.Entry Entry, int Start) b) =>
        a.Start < b.Start + Math.Max(1, b.Entry.Stems.Length) && b.Start < a.Start + Math.Max(1, a.Entry.Stems.Length);

    /// <summary>Where a word of one family stands within the rule's window of a word of the other, or null.</summary>
    private static (int Start, int Second)? NearAt(string[] stems, ThemeLexicon.Near rule)
    {
        for (var i = 0; i < stems.Length; i++)
        {
            if (!rule.First.Contains(stems[i]))
            {
                continue;
            }
            for (var j = Math.Max(0, i - rule.Window); j < stems.Length && j <= i + rule.Window; j++)
            {
                if (j != i && rule.Second.Contains(stems[j]))
                {
                    return (Math.Min(i, j), j);
                }
            }
        }
        return null;
    }

    private static bool At(string[] stems, int start, string[] term)
    {
        if (start + term.Length > stems.Length)
        {
            return false;
        }
        for (var k = 0; k < term.Length; k++)
        {
            if (!string.Equals(stems[start + k], term[k], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether every word of the match lies inside one of its theme's exception phrases.</summary>
    private static bool Excepted(ThemeLexicon lexicon, string[] stems, ThemeLexicon.Entry entry, int start)
    {
        if (!lexicon.Exceptions.TryGetValue(entry.Theme, out var phrases) || phrases.Count == 0)
        {
            return false;
        }
        var end = start + entry.Stems.Length;
        foreach (var phrase in phrases)
        {
            // Every placement of the phrase that would cover [start, end).
            for (var p = Math.Max(0, end - phrase.Length); p <= start; p++)
            {
                if (At(stems, p, phrase))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// A cue word before the match, with at most a few filler words between ("tidak ada lagi pungli").
    /// A cue shortly after a condition or question word ("kalau tidak kasih uang bensin, tidak datang",
    /// "kapan bebas dari calo?") states a threat or a presence, not an absence, and does not negate.
    /// </summary>
    private static bool Negated(ThemeLexicon lexicon, string[] stems, SuggestionTheme theme, int start)
    {
        if (!lexicon.Negations.TryGetValue(theme, out var negation))
        {
            return false;
        }
        for (int i = start - 1, skipped = 0; i >= 0 && skipped <= MaxFillers; i--, skipped++)
        {
            if (negation.Cues.Contains(stems[i]))
            {
                return negation.Denies(stems, i);
            }
            // A reduplicated word ("minta2": "minta minta") is read once, as a filler before its twin.
            if (!negation.Fillers.Contains(stems[i]) && stems[i] != stems[i + 1])
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>A phrase of the theme's 'negatedAfter' shortly after the match ("dimintain duit, ternyata nggak").</summary>
    private static bool NegatedAfter(ThemeLexicon lexicon, string[] stems, SuggestionTheme theme, int end) =>
        lexicon.Negations.TryGetValue(theme, out var negation) && PhraseAfter(stems, negation.After, end);

    /// <summary>
    /// A phrase of the theme's 'presence' shortly after the match: the text states the thing is there
    /// after all, so a wish or a denial before it does not cancel it ("kapan bebas dari calo? masih ada
    /// tuh", "pasang spanduk anti calo, soalnya masih banyak yang nawarin"). A short phrase ("masih
    /// ada", "masih banyak") counts only where it ends the text or is followed by a tail word ("tuh",
    /// "di"): in "bebas pungli, tapi masih banyak yang perlu diperbaiki" it is about something else.
    /// </summary>
    private static bool PresentAfter(ThemeLexicon lexicon, string[] stems, SuggestionTheme theme, int end) =>
        lexicon.Negations.TryGetValue(theme, out var negation)
        && (PhraseAfter(stems, negation.Presence, end)
            || PhraseAfter(stems, negation.PresenceAtEnd, end, p => p == stems.Length || negation.PresenceTail.Contains(stems[p])));

    private static bool PhraseAfter(string[] stems, List<string[]> phrases, int end, Func<int, bool>? followedBy = null)
    {
        for (var p = end; phrases.Count > 0 && p < stems.Length && p <= end + MaxFillers; p++)
        {
            if (phrases.Any(phrase => At(stems, p, phrase) && (followedBy is null || followedBy(p + phrase.Length))))
            {
                return true;
            }
        }
        return false;
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MppSurvey.Core.Malls;

namespace MppSurvey.Core.Themes;

/// <summary>
/// A word or phrase an MPP's administrators added to the theme lexicon for their MPP (suggestion
/// themes: local names of a counter, a service or a nuisance the built-in lexicon cannot know).
/// Stored normalised (TextNormaliser words joined by one space), so "Loket  KOSONG" and
/// "loket kosong" are one term.
/// </summary>
public sealed class ThemeTerm
{
    public const int MinLength = 2;
    public const int MaxLength = 60;
    /// <summary>What the form accepts before normalisation; longer input is refused, not cut.</summary>
    public const int MaxInputLength = 100;

    public long Id { get; set; }
    public int MallId { get; init; }
    public SuggestionTheme Theme { get; init; }
    public required string Term { get; init; }
    /// <summary>The adding user's e-mail, kept as text so it outlives the account.</summary>
    public required string AddedBy { get; init; }
    public DateTimeOffset AddedAt { get; init; }

    public enum Problem
    {
        None,
        Empty,
        TooLong,
        TooShort,
        ControlCharacters,
        OddCharacters,
    }

    /// <summary>The normalised form of what an administrator typed, or why it cannot be a term.</summary>
    public static (string? Term, Problem Problem) Normalise(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return (null, Problem.Empty);
        }
        if (input.Length > MaxInputLength)
        {
            return (null, Problem.TooLong);
        }
        foreach (var c in input)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.Control)
            {
                return (null, Problem.ControlCharacters);
            }
            // Invisible formatting, private-use, unassigned and broken surrogate characters make a term
            // that looks like another one; a visitor's text has them stripped, a term must not need that.
            if (category is UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate)
            {
                return (null, Problem.OddCharacters);
            }
        }
        var term = string.Join(' ', ThemeLexicon.Default.Normaliser.Words(input, repair: false));
        if (term.Length == 0)
        {
            return (null, Problem.Empty);
        }
        if (term.Length > MaxLength)
        {
            return (null, Problem.TooLong);
        }
        // "a" or "di" would match almost every suggestion.
        if (term.Replace(" ", "").Length < 3 && !term.Any(char.IsDigit) || !term.Any(char.IsLetter))
        {
            return (null, Problem.TooShort);
        }
        return (term, Problem.None);
    }
}

internal sealed class ThemeTermConfiguration : IEntityTypeConfiguration<ThemeTerm>
{
    public void Configure(EntityTypeBuilder<ThemeTerm> e)
    {
        e.ToTable("theme_terms", t =>
        {
            // Exactly one known theme bit: a term belongs to one theme.
            t.HasCheckConstraint("ck_theme_terms_theme", $"theme > 0 AND theme <= {1 << 15} AND (theme & (theme - 1)) = 0");
            t.HasCheckConstraint("ck_theme_terms_term",
                $"btrim(term) = term AND char_length(term) BETWEEN {ThemeTerm.MinLength} AND {ThemeTerm.MaxLength} AND term !~ '[[:cntrl:]]'");
            t.HasCheckConstraint("ck_theme_terms_added_by", "btrim(added_by) <> ''");
        });
        e.HasOne<Mall>().WithMany().HasForeignKey(x => x.MallId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.MallId, x.Theme, x.Term }).IsUnique();
        e.Property(x => x.Term).HasMaxLength(ThemeTerm.MaxLength);
        e.Property(x => x.AddedBy).HasMaxLength(256);
    }
}

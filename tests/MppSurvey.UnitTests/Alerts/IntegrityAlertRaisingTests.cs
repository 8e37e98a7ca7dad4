using MppSurvey.Core.Alerts;
using MppSurvey.Core.Surveys;
using MppSurvey.Core.Themes;

namespace MppSurvey.UnitTests.Alerts;

/// <summary>Which alerts a response raises, before the recorder inserts them with it.</summary>
public sealed class IntegrityAlertRaisingTests
{
    private static SurveyTemplateVersion Version(string code, int min, int max, params string[] elements) => new()
    {
        Template = new SurveyTemplate { Code = code, NameId = code, NameEn = code },
        ScaleMin = min,
        ScaleMax = max,
        ElementCodes = elements,
        Definition = "{}",
        ContentHash = code,
    };

    private static readonly SurveyTemplateVersion Spak = Version("spak", 1, 6, "A1", "A2", "A3", "A4", "A5");
    private static readonly SurveyTemplateVersion Skm = Version("skm", 1, 4, "U1", "U2");

    [Fact]
    public void An_integrity_suggestion_is_quoted_masked()
    {
        var (reasons, texts) = IntegrityAlertRaising.Reasons(SuggestionTheme.Integrity | SuggestionTheme.Queue,
            "Ada calo, wa saya 0812 3456 7890 atau budi@contoh.id", Skm, [4, 3]);

        Assert.Equal([(int)IntegrityAlertReason.Suggestion], reasons);
        Assert.Equal("Ada calo, wa saya [disamarkan] atau [disamarkan]", Assert.Single(texts));
    }

    [Fact]
    public void The_SPAK_bottom_answers_are_named_in_element_order_and_unanswered_or_higher_ones_are_not()
    {
        var (reasons, texts) = IntegrityAlertRaising.Reasons(SuggestionTheme.None, null, Spak, [1, null, 2, 6, 1]);

        Assert.Equal([(int)IntegrityAlertReason.SpakAnswer], reasons);
        Assert.Equal("A1: 1, A5: 1", Assert.Single(texts));
    }

    [Fact]
    public void Nothing_is_raised_by_a_bottom_answer_of_another_template_or_a_suggestion_of_other_themes()
    {
        Assert.Empty(IntegrityAlertRaising.Reasons(SuggestionTheme.Queue | SuggestionTheme.Toilet, "Antri lama, toilet kotor", Skm, [1, 1]).Reasons);
        Assert.Empty(IntegrityAlertRaising.Reasons(SuggestionTheme.None, null, Spak, [2, 3, 4, 5, 6]).Reasons);
    }

    [Fact]
    public void A_masked_text_longer_than_the_column_is_cut_to_fit()
    {
        var text = "pungli " + string.Concat(Enumerable.Repeat("a@b.co ", 400));
        var (_, texts) = IntegrityAlertRaising.Reasons(SuggestionTheme.Integrity, text, Skm, [4, 4]);

        Assert.Equal(IntegrityAlertRaising.MaxMaskedTextLength, texts[0]!.Length);
        Assert.EndsWith("…", texts[0], StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Resources;
using MppSurvey.Core.Email;
using MppSurvey.Core.Regions;
using MppSurvey.Core.Themes;
using MppSurvey.Web;
using MppSurvey.Web.Email;

namespace MppSurvey.IntegrationTests.Email;

/// <summary>
/// Theme names are written once, SharedText `Theme_*` (the dashboard's), and the exports and the weekly
/// digest print those same names, in Indonesian and English.
/// </summary>
public sealed class ThemeNameTests
{
    private static readonly ResourceManager Shared = new("MppSurvey.Web.Resources.SharedText", typeof(SharedText).Assembly);

    [Fact]
    public void The_exports_print_every_theme_with_the_dashboards_Indonesian_name()
    {
        var indonesian = CultureInfo.GetCultureInfo("id-ID");
        Assert.All(SuggestionThemes.All, theme =>
            Assert.Equal(Shared.GetString("Theme_" + SuggestionThemes.Key(theme), indonesian), ThemeNames.Indonesian(theme)));
        Assert.Equal("Kompetensi petugas", ThemeNames.Indonesian(SuggestionTheme.Competence));
    }

    [Fact]
    public void No_other_resource_holds_a_copy_of_the_theme_names()
    {
        var workbook = new ResourceManager("MppSurvey.Core.Reporting.Workbooks.WorkbookText", typeof(ThemeNames).Assembly);
        var email = new ResourceManager("MppSurvey.Web.Resources.EmailText", typeof(SharedText).Assembly);
        foreach (var key in SuggestionThemes.All.Select(SuggestionThemes.Key))
        {
            Assert.Null(workbook.GetString("Theme_" + key, CultureInfo.GetCultureInfo("id-ID")));
            Assert.Null(email.GetString("Digest_Theme_" + key, CultureInfo.GetCultureInfo("id-ID")));
            Assert.Null(email.GetString("Digest_Theme_" + key, CultureInfo.GetCultureInfo("en")));
        }
    }

    [Theory]
    [InlineData("id", "- Kompetensi petugas: 1 → 3 saran", "- AC dan suhu ruangan: 0 → 4 saran")]
    [InlineData("en", "- Staff competence: 1 → 3 suggestions", "- Air conditioning and room temperature: 0 → 4 suggestions")]
    public void The_weekly_digest_names_grown_themes_as_the_dashboard_does_in_the_readers_language(string culture, string competence, string airConditioning)
    {
        var figures = new WeeklyDigest.Figures("MPP Jombang", "35.17", IndonesianTimeZone.Wib, new DateOnly(2026, 3, 2), "2026-S1",
            10, 40, null, null, null, 0, [],
            [new ThemeGrowth.Change(SuggestionTheme.AirConditioning, 0, 4), new ThemeGrowth.Change(SuggestionTheme.Competence, 1, 3)]);

        var message = DigestLetter.Write(new MailWriter.Recipient("mpp@surel.test", "Admin", culture), true, figures,
            "https://skm.test/dasbor/35.17", "https://skm.test/Account/BerhentiBerlangganan?token=x", "https://skm.test/Account/Pengaturan");

        var text = message.TextBody;
        Assert.Contains(competence, text, StringComparison.Ordinal);
        Assert.Contains(airConditioning, text, StringComparison.Ordinal);
    }
}

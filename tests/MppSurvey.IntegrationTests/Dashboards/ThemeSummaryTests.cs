using System.Net;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.Core.Themes;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.IntegrationTests.Reporting;

namespace MppSurvey.IntegrationTests.Dashboards;

/// <summary>
/// The citizens' voice as shown: per theme the count, the change since the previous period and three
/// masked quotes, from stored themes set by hand (the classifier is not under test here), read back from
/// the query, the dashboard's HTML, the workbook's Suara Warga sheet and the semester report.
/// </summary>
public sealed partial class ThemeSummaryTests(ThemeSummaryTests.Fixture app) : IClassFixture<ThemeSummaryTests.Fixture>
{
    private const string Password = "uji-coba-2026-aman";

    /// <summary>Exactly 2,000 characters of praise: the dashboard must show a shortened quote, not a wall.</summary>
    internal static readonly string LongPraise = string.Concat(Enumerable.Repeat("Petugas ramah sekali. ", 100)).Remove(2000 - 10) + "AKHIR-TEKS";

    /// <summary>
    /// Jombang (35.17) with four suggestions in 2025-S2 and ten in 2026-S1 (one blank, one flagged as a
    /// burst), and Kota Bima (52.72) with one integrity suggestion of its own; the index job run on both.
    /// </summary>
    public sealed class Fixture : AppFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            var db = Db(scope);
            var version = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
            db.Periods.AddRange(Period.Parse("2025-S2"), Period.Parse("2026-S1"));
            var jombang = NewMall("35.17");
            var bima = NewMall("52.72");
            db.Malls.AddRange(jombang, bima);
            await db.SaveChangesAsync();

            const SuggestionTheme time = SuggestionTheme.Time, queue = SuggestionTheme.Queue;
            await AddAsync(db, jombang, version.Id, "2025-S2",
            [
                (1, time, "antri lama", ResponseFlags.None),
                (2, time, "lamaa bgt nunggunya", ResponseFlags.None),
                (3, SuggestionTheme.Parking, "parkir sempit", ResponseFlags.None),
                (4, SuggestionTheme.Praise, "mantap", ResponseFlags.None),
                (5, SuggestionTheme.None, null, ResponseFlags.None),
            ]);
            await AddAsync(db, jombang, version.Id, "2026-S1",
            [
                (1, time | queue, "Antrean lama sekali, hubungi 0812-3456-7890", ResponseFlags.None),
                (2, time, "<script>alert('x')</script> lama", ResponseFlags.None),
                (3, time, "tunggu 2 jam,\nemail saya budi@contoh.id", ResponseFlags.None),
                (4, time, "NIK 3517012345678901 ditolak krn lama", ResponseFlags.None),
                (5, SuggestionTheme.Integrity, "ada pungli uang rokok 50rb", ResponseFlags.None),
                (6, SuggestionTheme.Integrity, "pungli lagi (burst)", ResponseFlags.Burst),
                (7, SuggestionTheme.Praise, LongPraise, ResponseFlags.None),
                (8, SuggestionTheme.None, "Terima kasih", ResponseFlags.None),
                (9, SuggestionTheme.Parking, "   ", ResponseFlags.None),
                (10, SuggestionTheme.Conduct, "Petugas jutek 😠 \u202Ebalik\u202C ﷽ e\u0301", ResponseFlags.None),
            ]);
            await AddAsync(db, bima, version.Id, "2026-S1", [(1, SuggestionTheme.Integrity, "pungli di Bima", ResponseFlags.None)]);
            await new RecomputeIndices(db).RunAsync(["2025-S2", "2026-S1"]);

            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await TestUsers.CreateAsync(users, Password,
                ("deputi@uji.test", Roles.Ministry, (string?)null, (int?)null),
                ("bupati@uji.test", Roles.RegionalHead, "35.17", null));
        }

        private static Mall NewMall(string regency)
        {
            var mall = new Mall { RegencyCode = regency, Name = "MPP " + regency };
            var agency = new Agency { Name = "Instansi" };
            agency.Services.Add(new Service { Name = "Layanan" });
            mall.Agencies.Add(agency);
            return mall;
        }

        private static async Task AddAsync(Core.Database.MppSurveyDbContext db, Mall mall, int versionId, string periodCode,
            (int Day, SuggestionTheme Themes, string? Text, ResponseFlags Flags)[] rows)
        {
            var survey = new Survey { MallId = mall.Id, TemplateVersionId = versionId, PeriodCode = periodCode, Population = 100 };
            db.Surveys.Add(survey);
            await db.SaveChangesAsync();
            var agency = mall.Agencies[0];
            foreach (var (day, themes, text, flags) in rows)
            {
                db.Responses.Add(new Response
                {
                    Id = Guid.NewGuid(),
                    SurveyId = survey.Id,
                    MallId = mall.Id,
                    AgencyId = agency.Id,
                    ServiceId = agency.Services[0].Id,
                    TemplateVersionId = versionId,
                    PeriodCode = periodCode,
                    Channel = ResponseChannel.Kiosk,
                    SubmittedAtLocal = Period.Parse(periodCode).StartsOn.AddDays(day).ToDateTime(new TimeOnly(9, 0)),
                    ReceivedAt = DateTimeOffset.UtcNow,
                    Scores = Enumerable.Repeat((short?)3, 9).ToArray(),
                    Suggestion = text,
                    Themes = themes,
                    Flags = flags,
                });
            }
            await db.SaveChangesAsync();
        }
    }

    private SignedInClients? _clients;

    private Task<HttpClient> ClientAsync(string email) => (_clients ??= new SignedInClients(app, Password)).ForAsync(email);

    private async Task<ThemeSummary.Result?> LoadAsync(string regency, string period)
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        var mallId = await db.Malls.Where(m => m.RegencyCode == regency).Select(m => m.Id).SingleAsync();
        return await new ThemeSummary(db).LoadAsync(mallId, period, includeFlagged: false);
    }

    [Fact]
    public async Task Counts_change_and_the_three_latest_masked_quotes_per_theme_are_as_worked_by_hand()
    {
        var summary = await LoadAsync("35.17", "2026-S1");

        Assert.NotNull(summary);
        Assert.Equal("2025-S2", summary.PreviousPeriodCode);
        // 2026-S1: ten suggestions, less the blank one and the burst-flagged one. 2025-S2: four (one response wrote none).
        Assert.Equal(8, summary.Suggestions);
        Assert.Equal(4, summary.PreviousSuggestions);
        Assert.Equal(SuggestionThemes.All, summary.Themes.Select(t => t.Theme));
        var byTheme = summary.Themes.ToDictionary(t => t.Theme);
        Assert.Equal((4, 2, (int?)2), Figures(byTheme[SuggestionTheme.Time]));
        Assert.Equal((1, 0, (int?)1), Figures(byTheme[SuggestionTheme.Queue]));
        Assert.Equal((1, 0, (int?)1), Figures(byTheme[SuggestionTheme.Integrity])); // the burst-flagged one is left out
        Assert.Equal((0, 1, (int?)-1), Figures(byTheme[SuggestionTheme.Parking])); // the blank one does not count
        Assert.Equal((1, 1, (int?)0), Figures(byTheme[SuggestionTheme.Praise]));
        Assert.Equal((1, 0, (int?)1), Figures(byTheme[SuggestionTheme.Conduct]));
        Assert.Equal((0, 0, (int?)0), Figures(byTheme[SuggestionTheme.Cost]));

        // The latest three of four, newest first, each masked; the oldest (day 1) is not quoted.
        Assert.Equal(
            ["NIK [disamarkan] ditolak krn lama", "tunggu 2 jam, email saya [disamarkan]", "<script>alert('x')</script> lama"],
            byTheme[SuggestionTheme.Time].Quotes.Select(q => q.Text));
        Assert.Equal(new DateOnly(2026, 1, 5), byTheme[SuggestionTheme.Time].Quotes[0].Date);
        Assert.Equal(["Antrean lama sekali, hubungi [disamarkan]"], byTheme[SuggestionTheme.Queue].Quotes.Select(q => q.Text));
        Assert.Equal(["ada pungli uang rokok 50rb"], byTheme[SuggestionTheme.Integrity].Quotes.Select(q => q.Text));
        Assert.Empty(byTheme[SuggestionTheme.Parking].Quotes);
        Assert.Equal(["U3", "U9"], summary.ForElement("U3").Concat(summary.ForElement("U9")).Select(t => t.ElementCode).Distinct());
        Assert.Equal([SuggestionTheme.Facilities, SuggestionTheme.Parking, SuggestionTheme.AirConditioning, SuggestionTheme.Toilet, SuggestionTheme.Seating, SuggestionTheme.Queue],
            summary.ForElement("U9").Select(t => t.Theme));
    }

    [Fact]
    public async Task Hostile_a_2000_character_suggestion_is_quoted_shortened_at_a_word_and_odd_Unicode_is_kept_as_text()
    {
        var summary = await LoadAsync("35.17", "2026-S1");

        var praise = Assert.Single(summary!.Themes.Single(t => t.Theme == SuggestionTheme.Praise).Quotes).Text;
        Assert.True(praise.Length <= ThemeSummary.QuoteLength + 1, $"{praise.Length} characters");
        // Cut where a word ends: what precedes the ellipsis is the start of the text, followed there by a space.
        Assert.EndsWith("…", praise, StringComparison.Ordinal);
        Assert.StartsWith(praise[..^1], LongPraise, StringComparison.Ordinal);
        Assert.Equal(' ', LongPraise[praise.Length - 1]);
        Assert.DoesNotContain("AKHIR-TEKS", praise, StringComparison.Ordinal);
        Assert.Equal("Petugas jutek 😠 \u202Ebalik\u202C ﷽ e\u0301", Assert.Single(summary.Themes.Single(t => t.Theme == SuggestionTheme.Conduct).Quotes).Text);
    }

    [Theory]
    [InlineData("2027-S1")] // no responses at all
    [InlineData("2025-Q3")] // another kind of period: nothing stored under it
    public async Task Careless_a_period_without_suggestions_gives_zeros_and_no_comparison(string period)
    {
        var summary = await LoadAsync("35.17", period);

        Assert.NotNull(summary);
        Assert.Equal(0, summary.Suggestions);
        Assert.All(summary.Themes, t => Assert.Equal((0, 0, (int?)null, 0), (t.Count, t.PreviousCount, t.Change, t.Quotes.Count)));
    }

    [Theory]
    [InlineData("2026-S3")]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("2026-S1'; DROP TABLE responses;--")]
    public async Task Careless_an_unknown_period_is_no_summary_not_an_error(string period)
    {
        Assert.Null(await LoadAsync("35.17", period));
    }

    [Fact]
    public async Task A_periods_counts_equal_the_counts_over_its_dates_as_the_digest_counts_them()
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        var jombang = await db.Malls.Where(m => m.RegencyCode == "35.17").Select(m => m.Id).SingleAsync();
        var excluded = ResponseAggregation.Excluded(includeFlagged: false);

        var summary = await LoadAsync("35.17", "2026-S1");
        // 2026-S1 is 1 January to 30 June 2026: 181 days; the digest's path counts a stretch of days.
        var growth = (await ThemeGrowth.CountAsync(db, jombang, new DateOnly(2026, 1, 1), 181, CancellationToken.None)).ToDictionary(c => c.Theme);
        var s1 = await ThemeCounts.InPeriodAsync(db, jombang, "2026-S1", excluded, CancellationToken.None);
        var s1Days = await ThemeCounts.InDaysAsync(db, jombang, new DateOnly(2026, 1, 1), new DateOnly(2026, 7, 1), excluded, CancellationToken.None);
        var s2 = await ThemeCounts.InPeriodAsync(db, jombang, "2025-S2", excluded, CancellationToken.None);
        var s2Days = await ThemeCounts.InDaysAsync(db, jombang, new DateOnly(2025, 7, 1), new DateOnly(2026, 1, 1), excluded, CancellationToken.None);

        Assert.Equal((8, 8, 4, 4), (s1.Suggestions, s1Days.Suggestions, s2.Suggestions, s2Days.Suggestions));
        foreach (var theme in SuggestionThemes.All)
        {
            var count = summary!.Themes.Single(t => t.Theme == theme).Count;
            Assert.Equal((count, count, count), (s1[theme], s1Days[theme], growth[theme].Now));
            Assert.Equal(s2[theme], s2Days[theme]);
        }
        // Hand-worked: the blank suggestion (Parking) and the burst (Integrity) count on neither path.
        Assert.Equal((4, 0, 1), (growth[SuggestionTheme.Time].Now, growth[SuggestionTheme.Parking].Now, growth[SuggestionTheme.Integrity].Now));
        Assert.Equal((2, 1, 1), (s2Days[SuggestionTheme.Time], s2Days[SuggestionTheme.Parking], s2Days[SuggestionTheme.Praise]));
    }

    [Fact]
    public async Task The_first_period_has_nothing_to_compare_with_because_its_previous_period_has_no_suggestion()
    {
        var summary = await LoadAsync("35.17", "2025-S2");

        Assert.Equal((2, 0, (int?)null), Figures(summary!.Themes.Single(t => t.Theme == SuggestionTheme.Time)));
    }

    [Fact]
    public async Task The_dashboard_shows_every_theme_with_counts_and_change_in_words_and_the_quotes_escaped_and_masked()
    {
        var client = await ClientAsync("bupati@uji.test");

        var html = await client.GetStringAsync("/dasbor/35.17?periode=2026-S1");

        var section = html[html.IndexOf("id=\"h-voice\"", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        var rows = ThemeRow().Matches(section).ToDictionary(m => m.Groups[1].Value, m => (m.Groups[2].Value, m.Groups[3].Value, Text(m.Groups[4].Value)));
        Assert.Equal(SuggestionThemes.All.Select(SuggestionThemes.Key), rows.Keys);
        Assert.Equal(("4", "2", "▲ naik 2"), rows["time"]);
        Assert.Equal(("0", "1", "▼ turun 1"), rows["parking"]);
        Assert.Equal(("1", "1", "tetap"), rows["praise"]);
        Assert.Equal(("1", "0", "▲ naik 1"), rows["integrity"]);
        Assert.Contains("<span aria-hidden=\"true\">▲ </span>naik 2", System.Net.WebUtility.HtmlDecode(section), StringComparison.Ordinal); // the arrow is decoration, the words say it

        // Visitor text escaped, identifying details masked, the flagged and the other MPP's suggestions absent.
        Assert.Contains("&lt;script&gt;alert(", section, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("NIK [disamarkan] ditolak krn lama", section, StringComparison.Ordinal);
        // The page's list of latest suggestions is masked too (shown on screen); only the themes' quotes are shortened.
        foreach (var secret in new[] { "0812-3456-7890", "budi@contoh.id", "3517012345678901", "pungli lagi", "pungli di Bima" })
        {
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("AKHIR-TEKS", section, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Matches(section[section.IndexOf("id=\"tema-time\"", StringComparison.Ordinal)..].Split("</ul>")[0], "<li>").Count);
        Assert.DoesNotContain("id=\"tema-parking\"", section, StringComparison.Ordinal); // no quotes, so no quote list and no link

        // Beside the elements: U3 names its time theme and links to its quotes; U9 its parking theme (down, nothing to quote).
        Assert.Contains("href=\"#tema-time\"", html[html.IndexOf("data-voice=\"U3\"", StringComparison.Ordinal)..].Split("</tr>")[0], StringComparison.Ordinal);
        Assert.Contains("Waktu penyelesaian: 4 saran (▲ naik 2)", Text(html[html.IndexOf("data-voice=\"U3\"", StringComparison.Ordinal)..].Split("</tr>")[0]), StringComparison.Ordinal);
        Assert.Contains("Parkir: 0 saran (▼ turun 1)", Text(html[html.IndexOf("data-voice=\"U9\"", StringComparison.Ordinal)..].Split("</tr>")[0]), StringComparison.Ordinal);
        Assert.DoesNotContain("data-voice=\"U1\"", html, StringComparison.Ordinal); // nobody wrote about requirements
    }

    [Fact]
    public async Task The_dashboard_in_English_uses_the_English_words()
    {
        // A client of its own: switching the language must not change the other tests' shared client.
        var client = await LoginClient.SignedInAsync(app, "bupati@uji.test", Password);
        await client.GetAsync("/Culture?culture=en&returnUrl=%2F");

        var html = await client.GetStringAsync("/dasbor/35.17?periode=2026-S1");

        Assert.Contains("Citizens&#x27; voice", html, StringComparison.Ordinal);
        Assert.Contains("up 2", html, StringComparison.Ordinal);
        Assert.Contains("Completion time: 4 suggestions", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Careless_the_first_period_says_there_is_nothing_to_compare_with()
    {
        var client = await ClientAsync("bupati@uji.test");

        var html = await client.GetStringAsync("/dasbor/35.17?periode=2025-S2");

        Assert.Contains("tidak ada pembanding", html, StringComparison.Ordinal);
        Assert.DoesNotContain("naik", ThemeRow().Matches(html).Select(m => m.Groups[4].Value).Aggregate("", string.Concat), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_a_regional_head_cannot_see_another_regencys_themes()
    {
        var client = await ClientAsync("bupati@uji.test");

        var page = await client.GetAsync("/dasbor/52.72?periode=2026-S1");
        var workbook = await client.GetAsync("/laporan/52.72/2026-S1.xlsx");
        var report = await client.GetAsync("/laporan/52.72/2026-S1.docx");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.DoesNotContain("pungli di Bima", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, workbook.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, report.StatusCode);

        // The ministry sees Bima's own voice, and only Bima's.
        var ministry = await (await ClientAsync("deputi@uji.test")).GetStringAsync("/dasbor/52.72?periode=2026-S1");
        Assert.Contains("pungli di Bima", ministry, StringComparison.Ordinal);
        Assert.DoesNotContain("uang rokok", ministry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_workbook_has_a_Suara_Warga_sheet_with_the_same_counts_change_and_masked_quotes()
    {
        var client = await ClientAsync("bupati@uji.test");

        var response = await client.GetAsync("/laporan/35.17/2026-S1.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var sheet = workbook.Worksheet("Suara Warga");
        Assert.Equal(
            ["No.", "Tema", "Unsur", "Saran 2026-S1", "Saran 2025-S2", "Perubahan", "Contoh saran 1", "Contoh saran 2", "Contoh saran 3"],
            Enumerable.Range(1, 9).Select(c => sheet.Cell(4, c).GetString()));
        var time = sheet.Row(5 + SuggestionThemes.All.ToList().IndexOf(SuggestionTheme.Time));
        Assert.Equal("Waktu penyelesaian", time.Cell(2).GetString());
        Assert.Equal("U3", time.Cell(3).GetString());
        Assert.Equal((4d, 2d, 2d), (time.Cell(4).GetDouble(), time.Cell(5).GetDouble(), time.Cell(6).GetDouble()));
        Assert.Equal(["NIK [disamarkan] ditolak krn lama", "tunggu 2 jam, email saya [disamarkan]", "<script>alert('x')</script> lama"],
            Enumerable.Range(7, 3).Select(c => time.Cell(c).GetString()));
        Assert.Equal(XLDataType.Text, time.Cell(9).DataType);
        var parking = sheet.Row(5 + SuggestionThemes.All.ToList().IndexOf(SuggestionTheme.Parking));
        Assert.Equal((0d, 1d, -1d, ""), (parking.Cell(4).GetDouble(), parking.Cell(5).GetDouble(), parking.Cell(6).GetDouble(), parking.Cell(7).GetString()));
        Assert.Equal("Integritas (pungli, calo, suap)", sheet.Row(5 + 9).Cell(2).GetString());
        Assert.Equal(5 + 16, sheet.LastRowUsed()!.RowNumber() + 1);
        Assert.DoesNotContain(workbook.Worksheet("Suara Warga").CellsUsed(), c => c.GetString().Contains("0812-3456-7890", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_semester_report_lists_every_theme_and_quotes_the_top_three_masked()
    {
        var client = await ClientAsync("bupati@uji.test");

        var text = SemesterReportTests.BodyText(await client.GetByteArrayAsync("/laporan/35.17/2026-S1.docx"));

        var voice = text[text.IndexOf("4.3 Suara Warga: Tema Saran", StringComparison.Ordinal)..text.IndexOf("BAB V", StringComparison.Ordinal)];
        Assert.Contains("(8 saran pada periode 2026-S1, 4 pada periode 2025-S2)", voice, StringComparison.Ordinal);
        Assert.Contains("Waktu penyelesaian\nU3\n4\n2\n+2", voice, StringComparison.Ordinal);
        Assert.Contains("Parkir\nU9\n0\n1\n−1", voice, StringComparison.Ordinal);
        Assert.Contains("Pujian\n–\n1\n1\n0", voice, StringComparison.Ordinal);
        // Top three by count, ties in display order: time (4), then conduct and integrity (1 each, U7 before integrity).
        Assert.Contains("Contoh saran untuk 3 tema", voice, StringComparison.Ordinal);
        var quoted = Regex.Matches(voice, @"^(.+) \((\d+) saran\)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["Waktu penyelesaian", "Perilaku petugas", "Integritas (pungli, calo, suap)"], quoted);
        Assert.Contains("– “NIK [disamarkan] ditolak krn lama” (5 Januari 2026)", voice, StringComparison.Ordinal);
        Assert.Contains("– “<script>alert('x')</script> lama” (3 Januari 2026)", voice, StringComparison.Ordinal);
        Assert.DoesNotContain("0812-3456-7890", voice, StringComparison.Ordinal);
        Assert.DoesNotContain("Antrean lama sekali", voice, StringComparison.Ordinal); // the oldest of four time quotes; queue is not in the top three
    }

    private static (int, int, int?) Figures(ThemeSummary.Row row) => (row.Count, row.PreviousCount, row.Change);

    private static string Text(string html) => System.Net.WebUtility.HtmlDecode(TagPattern().Replace(html, "")).Trim();

    [GeneratedRegex("<tr data-theme=\"([a-z-]+)\">.*?<td class=\"num now\">([^<]*)</td>\\s*<td class=\"num before\">([^<]*)</td>\\s*<td class=\"change\">(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex ThemeRow();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}

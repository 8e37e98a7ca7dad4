using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.FollowUp;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.Web.Method;

namespace MppSurvey.IntegrationTests.Public;

/// <summary>
/// The public page of an MPP (/publik/{regency}) and the method notes (/metode), read as a visitor
/// reads them. Publication is set straight in the database, as the period page leaves it: Kota Bima
/// (52.72) published 2025-S2 and 2026-S1; Jombang (35.17) published 2025-S2 and closed 2026-S1
/// without publishing it. Jombang has a follow-up plan for each period: only the published one shows.
/// </summary>
public sealed class PublicPageTests(PublicResultsFixture app) : IClassFixture<PublicResultsFixture>
{
    private const string PublishedAction = "Menambah dua loket Dukcapil pada jam sibuk";
    private const string HiddenAction = "Rencana rahasia periode yang belum diumumkan";

    private async Task PublishAsync()
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        var now = DateTimeOffset.UtcNow;
        foreach (var survey in await db.Surveys.Where(s => s.MallId == app.MallIds["52.72"] || s.MallId == app.MallIds["35.17"]).ToListAsync())
        {
            survey.ClosedAt ??= now;
            var publish = survey.MallId == app.MallIds["52.72"] || survey.PeriodCode == "2025-S2";
            survey.PublishedAt = publish ? survey.PublishedAt ?? now : null;
        }
        var jombang = app.MallIds["35.17"];
        if (!await db.FollowUpActions.AnyAsync(a => a.MallId == jombang))
        {
            db.FollowUpActions.AddRange(
                new FollowUpAction
                {
                    MallId = jombang, PeriodCode = "2025-S2", ElementCode = "U3", Action = PublishedAction, Timeline = "2026-Q1",
                    PersonInCharge = "Kepala MPP Jombang", Status = FollowUpStatus.InProgress, EvidenceNote = "catatan internal", CreatedAt = now, UpdatedAt = now,
                },
                new FollowUpAction
                {
                    MallId = jombang, PeriodCode = "2026-S1", ElementCode = "U8", Action = HiddenAction, Timeline = "2026-Q3",
                    PersonInCharge = "Petugas pengaduan", Status = FollowUpStatus.Planned, CreatedAt = now, UpdatedAt = now,
                });
        }
        await db.SaveChangesAsync();
    }

    private static string Between(string html, string startMarker, string endMarker)
    {
        var start = html.IndexOf(startMarker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{startMarker} missing");
        var end = html.IndexOf(endMarker, start, StringComparison.Ordinal);
        return html[start..end];
    }

    [Fact]
    public async Task The_trend_chart_has_one_point_per_published_period_in_order_with_the_hand_worked_values()
    {
        await PublishAsync();
        var html = await LoginClient.Anonymous(app).GetStringAsync("/publik/52.72");

        var chart = Between(html, "<figure id=\"trend-chart\">", "</figure>");
        Assert.Equal(2, Regex.Count(chart, "<circle class=\"dot\""));
        Assert.True(chart.IndexOf(">2025-S2<", StringComparison.Ordinal) < chart.IndexOf(">2026-S1<", StringComparison.Ordinal), "oldest period first");
        // 2025-S2: NRR 4,4,2,4,4,4,4,3,3.5 -> 32.5 / 9 * 25 = 90.277... -> 90,28, grade A (from 88.31);
        // 2026-S1: U3 3 -> 33.5 / 9 * 25 = 93.055... -> 93,06.
        var table = PublicResultsFixture.Text(Between(html, "<table class=\"data\" id=\"trend\"", "</table>"));
        Assert.Matches(@"2025-S2\s+90,28\s+A \(Sangat Baik\)", table);
        Assert.Matches(@"2026-S1\s+93,06\s+A \(Sangat Baik\)", table);
        // Kota Bima has no plan: the section says so in plain words.
        Assert.Contains("id=\"no-plan\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unpublished_period_and_its_plan_are_absent_while_the_published_plan_shows()
    {
        await PublishAsync();
        var html = await LoginClient.Anonymous(app).GetStringAsync("/publik/35.17");

        var chart = Between(html, "<figure id=\"trend-chart\">", "</figure>");
        Assert.Equal(1, Regex.Count(chart, "<circle class=\"dot\""));
        // 2026-S1 was closed but never published: not in the chart, the table, the plan or anywhere else.
        Assert.DoesNotContain("2026-S1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("93,06", html, StringComparison.Ordinal);
        Assert.DoesNotContain(HiddenAction, html, StringComparison.Ordinal);

        var plan = PublicResultsFixture.Text(Between(html, "<section aria-labelledby=\"h-plan\" id=\"plan\">", "</section>"));
        Assert.Contains("Anda menyampaikan, kami menindaklanjuti", plan, StringComparison.Ordinal);
        Assert.Contains(PublishedAction, plan, StringComparison.Ordinal);
        Assert.Contains("Kepala MPP Jombang", plan, StringComparison.Ordinal);
        Assert.Contains("2026-Q1", plan, StringComparison.Ordinal);
        Assert.Contains("Sedang berjalan", plan, StringComparison.Ordinal);
        // The weak element in plain words, with its score of the period (U3 was 2 for everyone: 50,00).
        Assert.Contains("Waktu Penyelesaian", plan, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("layanan selesai dengan cepat", plan, StringComparison.Ordinal);
        Assert.Contains("nilai 50,00", plan, StringComparison.Ordinal);
        // The evidence note is the staff's working note, not part of the public plan.
        Assert.DoesNotContain("catatan internal", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_the_index_of_an_unpublished_previous_period_is_not_shown_as_the_comparison()
    {
        // Kota Bima publishes 2026-S1 but takes 2025-S2 back (or never published it): 2026-S1's stored
        // result still compares with 2025-S2 (90,28), and that figure must not reach the public by the back door.
        await PublishAsync();
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            var earlier = await db.Surveys.SingleAsync(s => s.MallId == app.MallIds["52.72"] && s.PeriodCode == "2025-S2");
            earlier.PublishedAt = null;
            await db.SaveChangesAsync();
        }
        Assert.Equal(90.28m, (await app.MallResultAsync("52.72", "2026-S1")).PreviousConverted);

        var html = await LoginClient.Anonymous(app).GetStringAsync("/publik/52.72");
        var json = await LoginClient.Anonymous(app).GetStringAsync("/api/v1/publik/52.72");

        Assert.Contains("93,06", html, StringComparison.Ordinal);
        Assert.DoesNotContain("90,28", html, StringComparison.Ordinal);
        Assert.DoesNotContain("2025-S2", html, StringComparison.Ordinal);
        Assert.Contains("93.06", json, StringComparison.Ordinal);
        Assert.DoesNotContain("90.28", json, StringComparison.Ordinal);
        Assert.Contains("\"previousIndex\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"change\":null", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Elements_grade_and_interval_are_explained_in_plain_words_without_jargon()
    {
        await PublishAsync();
        var anonymous = LoginClient.Anonymous(app);
        var text = PublicResultsFixture.Text(await anonymous.GetStringAsync("/publik/35.17"));

        foreach (var jargon in new[] { "NRR", "IKM konversi", "Amandemen", "amandemen" })
        {
            Assert.DoesNotContain(jargon, text, StringComparison.Ordinal);
        }
        Assert.Contains("Persyaratan", text, StringComparison.Ordinal);
        Assert.Contains("petugas sopan dan ramah", text, StringComparison.Ordinal);
        Assert.Contains("rata-ratanya dikali 25", text, StringComparison.Ordinal);
        Assert.Contains("A (Sangat Baik) mulai 88,31", text, StringComparison.Ordinal);
        Assert.Contains("95 dari 100 kali", text, StringComparison.Ordinal);
        Assert.Contains("href=\"/metode#ikm\"", await anonymous.GetStringAsync("/publik/35.17"), StringComparison.Ordinal);

        var english = PublicResultsFixture.Text(await anonymous.GetStringAsync("/publik/35.17?culture=en"));
        Assert.Contains("You told us, we are acting on it", english, StringComparison.Ordinal);
        Assert.Contains("the staff are polite and friendly", english, StringComparison.Ordinal);
        Assert.Contains("In progress", english, StringComparison.Ordinal);
        Assert.DoesNotContain("NRR", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_MPP_with_nothing_published_says_so_in_plain_words()
    {
        // An MPP whose surveys are all unpublished: Jombang's 2026-S1 alone would not do (2025-S2 is public), so use a fresh one.
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            if (!await db.Malls.AnyAsync(m => m.RegencyCode == "11.01"))
            {
                db.Malls.Add(new Core.Malls.Mall { RegencyCode = "11.01", Name = "MPP Simeulue" });
                await db.SaveChangesAsync();
            }
        }
        var html = await LoginClient.Anonymous(app).GetStringAsync("/publik/11.01");

        Assert.Contains("id=\"no-periods\"", html, StringComparison.Ordinal);
        Assert.Contains("Belum ada hasil survei yang diumumkan", PublicResultsFixture.Text(html), StringComparison.Ordinal);
        Assert.DoesNotContain("trend-chart", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/publik/99.99")]
    [InlineData("/publik/%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("/publik/%D9%A3%D9%A5.%D9%A1%D9%A7")] // 35.17 in Arabic-Indic digits
    [InlineData("/publik/35.17%E2%80%AE")] // a right-to-left override
    [InlineData("/publik/%F0%9F%8F%9B%EF%B8%8F")] // an emoji
    [InlineData("/publik/%ED%A0%80")] // a lone surrogate, not valid UTF-8
    public async Task Hostile_an_unknown_or_odd_regency_is_a_404_with_a_message(string url)
    {
        var response = await LoginClient.Anonymous(app).GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"not-found\"", html, StringComparison.Ordinal);
        Assert.Contains("MPP tidak ditemukan", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/publik\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_a_very_long_regency_path_is_a_404_not_an_error()
    {
        var response = await LoginClient.Anonymous(app).GetAsync("/publik/" + new string('3', 8000));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("id=\"not-found\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A NUL cannot reach the page through a URL (the server refuses the path), but the lookup refuses it anyway.
        Assert.False(MppSurvey.Web.Pages.Publik.PublishedResults.IsPlausibleRegencyCode("35.17\0"));
        Assert.True(MppSurvey.Web.Pages.Publik.PublishedResults.IsPlausibleRegencyCode("35.17"));
    }

    [Theory]
    [InlineData("xx")]
    [InlineData("")]
    [InlineData("%00")]
    [InlineData("en-US-x-%E2%80%AE")]
    [InlineData("..%2F..%2Fetc")]
    [InlineData("%3Cscript%3E")]
    [InlineData("%F0%9F%8F%9B")]
    [InlineData("%ED%A0%80")]
    public async Task Hostile_odd_culture_values_fall_back_to_Indonesian_and_never_fail(string culture)
    {
        await PublishAsync();
        var client = LoginClient.Anonymous(app);

        foreach (var url in new[] { "/publik/35.17?culture=" + culture, "/metode?culture=" + culture, "/publik/99.99?culture=" + culture })
        {
            var response = await client.GetAsync(url);
            // A NUL anywhere in the query is refused whole with a 400 page (NulCharacterFilter); anything else is the page.
            var expected = culture == "%00" ? HttpStatusCode.BadRequest : url.Contains("99.99", StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.OK;
            Assert.True(response.StatusCode == expected, $"{url}: {(int)response.StatusCode}");
            Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var long_ = await client.GetAsync("/publik/35.17?culture=" + new string('e', 5000));
        Assert.Equal(HttpStatusCode.OK, long_.StatusCode);
        Assert.Contains("Anda menyampaikan, kami menindaklanjuti", await long_.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_method_page_is_public_and_its_sections_can_be_linked_by_id()
    {
        var anonymous = LoginClient.Anonymous(app);

        var response = await anonymous.GetAsync("/metode");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("<h2 id=\"ikm\">The index</h2>", html);
        Assert.Matches("<h2 id=\"shrinkage\">Shrinkage", html);
        Assert.Matches("<h2 id=\"over-dispersion\">Over-dispersion", html);
        // Headings without an explicit id still get a stable one, and the {#id} markers never show as text.
        Assert.Contains("<h2 id=\"rounding-and-grades\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{#", html, StringComparison.Ordinal);
        // Tables of the notes are real tables; the page title is in the reader's language.
        Assert.Contains("<td>U3</td>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Cara menghitung</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>How it is computed</h1>", await anonymous.GetStringAsync("/metode?culture=en"), StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_raw_HTML_in_the_method_notes_is_written_out_as_text_never_as_markup()
    {
        var html = MethodNotes.ToHtml("## The index {#ikm}\n\n## Title {#a-title}\n\n<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> and <b>bold</b>.\n");

        Assert.Contains("<h2 id=\"ikm\">The index</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"a-title\">Title</h2>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        // The notes come from the assembly, not from the working directory.
        Assert.Contains(MethodNotes.ResourceName, typeof(MethodNotes).Assembly.GetManifestResourceNames());
        Assert.StartsWith("# How MppSurvey computes its figures", MethodNotes.ReadMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ministry_funnel_links_to_the_over_dispersion_section()
    {
        var client = await app.SignedInAsync("deputi@uji.test");

        var html = await client.GetStringAsync("/kementerian?periode=2025-S2");

        Assert.Contains("href=\"/metode#over-dispersion\"", html, StringComparison.Ordinal);
    }
}

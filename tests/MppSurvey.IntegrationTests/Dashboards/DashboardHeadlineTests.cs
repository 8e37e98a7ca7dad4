using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.FollowUp;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Dashboards;

/// <summary>
/// The regent's dashboard read at a glance: the headline card, the elements by name weakest first,
/// the follow-up plan's progress, from stored index results written here with numbers worked by hand
/// (the dashboard reads stored figures, never recomputes them, so the stored row is the truth to show).
/// </summary>
public sealed partial class DashboardHeadlineTests(DashboardHeadlineTests.Fixture app) : IClassFixture<DashboardHeadlineTests.Fixture>
{
    public const string Password = "uji-coba-2026-aman";

    /// <summary>
    /// Jombang (35.17): 2025-S2 closed, 100 answers per element, sums 300 each except U3 240, total 2640:
    /// IKM 2640/900 = 2.9333, x 25 = 73.33 (C); 2026-S1 open, sums U1 310, U2 320, U3 250, U4 380, U5 300,
    /// U6 330, U7 340, U8 270, U9 290, total 2790: 3.1 x 25 = 77.50 (B), stored as a significant rise.
    /// Each element x 25 is its sum / 4: U3 62.50 &lt; U8 67.50 &lt; U9 72.50 &lt; U5 75.00 &lt; U1 77.50 &lt;
    /// U2 80.00 &lt; U6 82.50 &lt; U7 85.00 &lt; U4 95.00. Surabaya (35.78): 80.50 then 80.00, no significant
    /// change, no plan. Kota Bima (52.72): one period only.
    /// </summary>
    public sealed class Fixture : AppFixture
    {
        public static readonly DateTimeOffset ComputedAt = new(2026, 3, 4, 2, 5, 0, TimeSpan.Zero); // 09.05 WIB

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            var db = Db(scope);
            var version = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
            db.Periods.AddRange(Period.Parse("2025-S2"), Period.Parse("2026-S1"));
            var malls = new[] { "35.17", "35.78", "52.72" }.Select(code => new Mall { RegencyCode = code, Name = "MPP " + code }).ToList();
            db.Malls.AddRange(malls);
            await db.SaveChangesAsync();
            // Only Jombang's 2026-S1 survey is still open: its figures are provisional.
            db.Surveys.Add(new Survey { MallId = malls[0].Id, TemplateVersionId = version.Id, PeriodCode = "2026-S1", Population = 500 });

            Add(db, malls[0], "2025-S2", [300, 300, 240, 300, 300, 300, 300, 300, 300], 73.33m, "C", null, null);
            Add(db, malls[0], "2026-S1", [310, 320, 250, 380, 300, 330, 340, 270, 290], 77.50m, "B", 73.33m, "SignificantRise");
            Add(db, malls[1], "2025-S2", [322, 322, 322, 322, 322, 322, 322, 322, 322], 80.50m, "B", null, null);
            Add(db, malls[1], "2026-S1", [320, 320, 320, 320, 320, 320, 320, 320, 320], 80.00m, "B", 80.50m, "NoSignificantChange");
            Add(db, malls[2], "2026-S1", [360, 360, 360, 360, 360, 360, 360, 360, 360], 90.00m, "A", null, null);

            var now = DateTimeOffset.UtcNow;
            db.FollowUpActions.AddRange(
                new FollowUpAction { MallId = malls[0].Id, PeriodCode = "2025-S2", ElementCode = "U3", Action = "Tambah loket antrean cepat", Timeline = "2026-Q1", PersonInCharge = "Kepala DPMPTSP", Status = FollowUpStatus.Done, EvidenceNote = "Loket 7 dibuka", CreatedAt = now, UpdatedAt = now },
                new FollowUpAction { MallId = malls[0].Id, PeriodCode = "2026-S1", ElementCode = "U8", Action = "Kotak saran daring", Timeline = "2026-Q3", PersonInCharge = "Admin MPP", Status = FollowUpStatus.InProgress, CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();

            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await TestUsers.CreateAsync(users, Password,
                ("deputi@uji.test", Roles.Ministry, (string?)null, (int?)null),
                ("bupati@uji.test", Roles.RegionalHead, "35.17", null),
                ("walikota@uji.test", Roles.RegionalHead, "35.78", null));
        }

        private static void Add(Core.Database.MppSurveyDbContext db, Mall mall, string period, long[] sums, decimal converted, string grade, decimal? previous, string? verdict) =>
            db.IndexResults.Add(new IndexResult
            {
                PeriodCode = period, TemplateCode = "skm", UnitKind = UnitKind.Mall, UnitKey = mall.RegencyCode, MallId = mall.Id,
                ProvinceCode = mall.RegencyCode[..2], Respondents = 100, SampleTarget = 217,
                ElementCodes = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"], ElementAnswered = [100, 100, 100, 100, 100, 100, 100, 100, 100],
                ElementSums = sums, Ikm = converted / 25, Converted = converted, Grade = grade,
                CiLow = (double)converted - 2.4, CiHigh = (double)converted + 2.4, StandardError = 1.2, ScoreN = 100,
                PreviousConverted = previous, ChangeVerdict = verdict, ComputedAt = ComputedAt,
            });
    }

    private async Task<string> PageAsync(string email, string path)
    {
        var client = await LoginClient.SignedInAsync(app, email, Password);
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The text of the element with this id (tags stripped, entities decoded, spaces collapsed).</summary>
    private static string Text(string html, string id)
    {
        var match = Regex.Match(html, $"<(\\w+)[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no element #{id}");
        return Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(match.Groups[2].Value, "<[^>]+>", " ")), "\\s+", " ").Trim();
    }

    [Fact]
    public async Task The_headline_card_shows_the_stored_IKM_grade_significant_rise_target_and_provisional_computation_time()
    {
        var html = await PageAsync("bupati@uji.test", "/dasbor/35.17");

        Assert.Contains("<dd id=\"ikm\">77,50</dd>", html);
        Assert.Equal("B · Baik", Text(html, "grade"));
        // 77.50 - 73.33 = +4.17; the stored verdict is a significant rise, so the arrow is coloured (class up).
        Assert.Equal("▲ Naik secara signifikan +4,17 sejak 2025-S2 (73,33 → 77,50)", Text(html, "verdict"));
        Assert.Matches("<dd id=\"verdict\" class=\"change up\"", html);
        Assert.Equal("100 dari target 217 (Krejcie & Morgan) sampel kurang", Text(html, "respondents"));
        Assert.Equal("75,10 – 79,90", Text(html, "ci"));
        Assert.Equal("Angka sementara per 4 Mar 2026 09.05 WIB (periode masih dibuka; diperbarui setiap malam).", Text(html, "computed-at"));
        Assert.Equal("Sementara", Text(html, "provisional"));
        Assert.Contains("<a id=\"method-link\" href=\"/metode#ikm\">Cara menghitung</a>", html);
    }

    [Fact]
    public async Task The_ministry_comparison_of_a_period_still_open_somewhere_is_marked_provisional()
    {
        // The national figures of both periods (the comparison needs them); Jombang's 2026-S1 survey is open.
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            foreach (var period in new[] { "2025-S2", "2026-S1" })
            {
                if (!await db.IndexResults.AnyAsync(r => r.UnitKind == UnitKind.National && r.PeriodCode == period))
                {
                    db.IndexResults.Add(new IndexResult
                    {
                        PeriodCode = period, TemplateCode = "skm", UnitKind = UnitKind.National, UnitKey = "ID", Respondents = 300,
                        ElementCodes = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"], ElementAnswered = [300, 300, 300, 300, 300, 300, 300, 300, 300],
                        ElementSums = [960, 960, 960, 960, 960, 960, 960, 960, 960], Ikm = 3.2m, Converted = 80.00m, Grade = "B",
                        CiLow = 79.0, CiHigh = 81.0, StandardError = 0.5, ScoreN = 300, ComputedAt = Fixture.ComputedAt,
                    });
                }
            }
            await db.SaveChangesAsync();
        }

        var open = await PageAsync("deputi@uji.test", "/kementerian?periode=2026-S1");
        var closed = await PageAsync("deputi@uji.test", "/kementerian?periode=2025-S2");

        Assert.StartsWith("Angka sementara: periode ini masih dibuka", Text(open, "provisional"), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"provisional\"", closed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_period_is_not_provisional_and_a_first_period_says_there_is_nothing_to_compare()
    {
        var html = await PageAsync("bupati@uji.test", "/dasbor/35.17?periode=2025-S2");

        Assert.Contains("<dd id=\"ikm\">73,33</dd>", html);
        Assert.Equal("C · Kurang Baik", Text(html, "grade"));
        Assert.Equal("Angka per 4 Mar 2026 09.05 WIB.", Text(html, "computed-at"));
        Assert.DoesNotContain("id=\"provisional\"", html);
        Assert.Equal("Belum ada periode sebelumnya untuk dibandingkan.", Text(html, "verdict"));
    }

    [Fact]
    public async Task A_change_that_is_not_significant_is_said_in_words_with_a_grey_arrow()
    {
        var html = await PageAsync("deputi@uji.test", "/dasbor/35.78?periode=2026-S1");
        var english = await PageAsync("deputi@uji.test", "/dasbor/35.78?periode=2026-S1&culture=en");

        Assert.Equal("▼ tidak berubah secara berarti -0,50 sejak 2025-S2 (80,50 → 80,00)", Text(html, "verdict"));
        Assert.Matches("<dd id=\"verdict\" class=\"change flat\"", html);
        Assert.Equal("▼ no meaningful change -0.50 since 2025-S2 (80.50 → 80.00)", Text(english, "verdict"));
        Assert.Equal("B · Good", Text(english, "grade"));
    }

    [GeneratedRegex("<tr data-element=\"(U\\d)\">\\s*<th scope=\"row\">([^<]*)</th>\\s*<td class=\"num nrr\">([^<]*)</td>\\s*<td class=\"num now\">([^<]*)</td>\\s*<td class=\"num before\">([^<]*)</td>\\s*<td class=\"num diff\">([^<]*)</td>")]
    private static partial Regex ElementRow();

    [Fact]
    public async Task The_nine_elements_are_named_and_sorted_weakest_first_beside_the_previous_period()
    {
        var html = await PageAsync("bupati@uji.test", "/dasbor/35.17?periode=2026-S1");

        var rows = ElementRow().Matches(html).Select(m => string.Join(" | ", m.Groups.Values.Skip(1).Select(g => WebUtility.HtmlDecode(g.Value)))).ToList();

        Assert.Equal(
        [
            "U3 | U3 Waktu Penyelesaian | 2,50 | 62,50 | 60,00 | +2,50",
            "U8 | U8 Penanganan Pengaduan, Saran dan Masukan | 2,70 | 67,50 | 75,00 | -7,50",
            "U9 | U9 Sarana dan Prasarana | 2,90 | 72,50 | 75,00 | -2,50",
            "U5 | U5 Produk Spesifikasi Jenis Pelayanan | 3,00 | 75,00 | 75,00 | 0,00",
            "U1 | U1 Persyaratan | 3,10 | 77,50 | 75,00 | +2,50",
            "U2 | U2 Sistem, Mekanisme, dan Prosedur | 3,20 | 80,00 | 75,00 | +5,00",
            "U6 | U6 Kompetensi Pelaksana | 3,30 | 82,50 | 75,00 | +7,50",
            "U7 | U7 Perilaku Pelaksana | 3,40 | 85,00 | 75,00 | +10,00",
            "U4 | U4 Biaya/Tarif | 3,80 | 95,00 | 75,00 | +20,00",
        ], rows);
        // The chart names them in the same order, and its axis is zoomed (the weakest, 60.00, is far above 25).
        var svg = Regex.Match(html, "<svg class=\"chart elements\".*?</svg>", RegexOptions.Singleline).Value;
        var labels = Regex.Matches(svg, "<text class=\"axis\"[^>]*>(U\\d) · ").Select(m => m.Groups[1].Value);
        Assert.Equal(["U3", "U8", "U9", "U5", "U1", "U2", "U6", "U7", "U4"], labels);
        Assert.DoesNotContain(">25</text>", svg, StringComparison.Ordinal);
        Assert.Contains("id=\"elements-no-interval\"", html);
    }

    [Fact]
    public async Task The_trend_chart_is_zoomed_labels_its_points_and_shades_the_grade_bands()
    {
        var html = await PageAsync("bupati@uji.test", "/dasbor/35.17?periode=2026-S1");
        var svg = Regex.Match(html, "<svg class=\"chart trend\".*?</svg>", RegexOptions.Singleline).Value;

        // Values 73.33 and 77.50 with bands of ±2.4: 70.93 to 79.90, a margin of 1 each side, ticks of 2: 68 to 82.
        var ticks = Regex.Matches(svg, "<text class=\"tick\"[^>]*text-anchor=\"end\">(\\d+)</text>").Select(m => m.Groups[1].Value);
        Assert.Equal(["68", "70", "72", "74", "76", "78", "80", "82"], ticks);
        Assert.Contains(">73,33</text>", svg);
        Assert.Contains(">77,50</text>", svg);
        // B (from 76.61) and C (65.00 to 76.61) are in view; A and D are not.
        Assert.Contains("class=\"grade grade-B\"", svg);
        Assert.Contains("class=\"grade grade-C\"", svg);
        Assert.DoesNotContain("grade-A", svg);
        Assert.DoesNotContain("grade-D", svg);
        Assert.Contains("<polygon class=\"band\"", svg);
        Assert.Contains("<title id=\"trend-title\">Tren IKM per periode</title>", svg);
    }

    [GeneratedRegex("<tr data-action=\"\\d+\">(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex ActionRow();

    private static string Plain(string fragment) => Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(fragment, "<[^>]+>", " ")), "\\s+", " ").Trim();

    [Fact]
    public async Task Follow_up_actions_show_their_status_and_their_elements_change_since_the_plan()
    {
        var html = await PageAsync("bupati@uji.test", "/dasbor/35.17?periode=2026-S1");

        var rows = ActionRow().Matches(html).Select(m => Plain(m.Groups[1].Value)).ToList();

        Assert.Equal(
        [
            // Planned on 2025-S2 (U3 60.00), done; U3 is 62.50 in 2026-S1: +2.50.
            "2025-S2 U3 Waktu Penyelesaian Tambah loket antrean cepat Catatan bukti: Loket 7 dibuka 2026-Q1 Kepala DPMPTSP Selesai +2,50 2025-S2: 60,00 → 2026-S1: 62,50",
            // Planned on 2026-S1 (U8 67.50): no later period computed yet.
            "2026-S1 U8 Penanganan Pengaduan, Saran dan Masukan Kotak saran daring 2026-Q3 Admin MPP Sedang berjalan 67,50 · belum ada hasil sesudah rencana",
        ], rows);
        Assert.DoesNotContain("id=\"follow-up-empty\"", html);
    }

    [Fact]
    public async Task Without_a_plan_the_reader_is_told_who_draws_it_up_and_the_ministry_gets_the_page_link()
    {
        var reader = await PageAsync("walikota@uji.test", "/dasbor/35.78");
        var ministry = await PageAsync("deputi@uji.test", "/dasbor/35.78");

        Assert.Equal("Belum ada rencana tindak lanjut untuk periode 2026-S1: Admin MPP dapat menyusunnya di halaman Rencana tindak lanjut. Mintalah kepada Admin MPP Anda.", Text(reader, "follow-up-empty"));
        Assert.DoesNotContain("/Admin/TindakLanjut", reader);
        Assert.Contains("<a href=\"/Admin/TindakLanjut?mpp=35.78&amp;periode=2026-S1\">Rencana tindak lanjut</a>", ministry);
        Assert.DoesNotContain("<table class=\"data\" id=\"follow-up\">", ministry);
    }

    public static TheoryData<string> OddPeriods() =>
    [
        "", "2026-S9", "2026-s1", "../../etc/passwd", "2026-S1'--", "２０２６-S1", "2026-S1%0d%0a", "2026-S1%E2%80%AE", new string('9', 5000), "😀", "2026-S1&periode=2025-S2",
    ];

    [Theory]
    [MemberData(nameof(OddPeriods))]
    public async Task An_odd_period_falls_back_to_the_latest_computed_one_never_a_5xx(string periode)
    {
        var client = await LoginClient.SignedInAsync(app, "bupati@uji.test", Password);

        var response = await client.GetAsync("/dasbor/35.17?periode=" + periode);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<dd id=\"ikm\">77,50</dd>", html); // the latest, 2026-S1
    }

    [Theory]
    [InlineData("deputi@uji.test", "/dasbor/99.99", 404)]
    [InlineData("deputi@uji.test", "/dasbor/35.17.01", 404)]
    [InlineData("deputi@uji.test", "/dasbor/%3Cscript%3E", 404)]
    [InlineData("bupati@uji.test", "/dasbor/99.99", 403)]
    [InlineData("bupati@uji.test", "/dasbor/52.72?periode=2026-S1", 403)]
    [InlineData("bupati@uji.test", "/dasbor/35.78?periode=9999-S1", 403)]
    // A NUL byte is refused whole by the NUL filter (a clear 400, never a 5xx), the regency checked or not.
    [InlineData("bupati@uji.test", "/dasbor/35.17?periode=%00", 400)]
    public async Task An_unknown_or_foreign_regency_is_refused_without_data(string email, string path, int expected)
    {
        var client = await LoginClient.SignedInAsync(app, email, Password);

        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.DoesNotContain("id=\"ikm\"", html);
        Assert.DoesNotContain("MPP 52.72", html);
        Assert.DoesNotContain("MPP 35.78", html);
    }
}

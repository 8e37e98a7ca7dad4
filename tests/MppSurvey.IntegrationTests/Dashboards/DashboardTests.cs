using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Dashboards;

public sealed partial class DashboardTests(DashboardTests.Fixture app) : IClassFixture<DashboardTests.Fixture>
{
    public const string Password = "uji-coba-2026-aman";

    /// <summary>
    /// Three MPPs (Jombang and Kota Surabaya in Jawa Timur, Kota Bima in NTB) at different levels, two
    /// semesters of responses with profile fields and suggestions, the index job run on them, and one
    /// user per role (the regional head and MPP admin scoped to Jombang).
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
            var malls = new[] { ("35.17", 3.3), ("35.78", 2.6), ("52.72", 3.0) }.Select(m =>
            {
                var mall = new Mall { RegencyCode = m.Item1, Name = "MPP " + m.Item1 };
                for (var a = 0; a < 2; a++)
                {
                    var agency = new Agency { Name = "Instansi " + a };
                    agency.Services.Add(new Service { Name = "Layanan " + a });
                    mall.Agencies.Add(agency);
                }
                db.Malls.Add(mall);
                return (mall, level: m.Item2);
            }).ToList();
            await db.SaveChangesAsync();

            var random = new Random(20261122);
            foreach (var (mall, level) in malls)
            {
                foreach (var (periodCode, p) in new[] { ("2025-S2", 0), ("2026-S1", 1) })
                {
                    var survey = new Survey { MallId = mall.Id, TemplateVersionId = version.Id, PeriodCode = periodCode, Population = 500 };
                    db.Surveys.Add(survey);
                    await db.SaveChangesAsync();
                    var period = Period.Parse(periodCode);
                    for (var i = 0; i < 100; i++)
                    {
                        // Jombang's second agency gets few respondents: its small sample must show, not vanish.
                        var agency = mall.Agencies[i % 10 == 0 ? 1 : 0];
                        var mood = level + p * 0.4 + (random.NextDouble() - 0.5);
                        db.Responses.Add(new Response
                        {
                            Id = Guid.NewGuid(),
                            SurveyId = survey.Id,
                            MallId = mall.Id,
                            AgencyId = agency.Id,
                            ServiceId = agency.Services[0].Id,
                            TemplateVersionId = version.Id,
                            PeriodCode = periodCode,
                            Channel = ResponseChannel.Kiosk,
                            SubmittedAtLocal = period.StartsOn.AddDays(i).ToDateTime(new TimeOnly(9, 0)),
                            ReceivedAt = DateTimeOffset.UtcNow,
                            Gender = i % 3 == 0 ? null : i % 2 == 0 ? Gender.Female : Gender.Male,
                            Age = (short)(18 + i % 50),
                            Scores = Enumerable.Range(0, 9).Select(_ => (short?)Math.Clamp((int)Math.Round(mood + random.NextDouble() - 0.5), 1, 4)).ToArray(),
                            Suggestion = i == 99 ? "<script>alert('x')</script> Antrean terlalu lama" : i % 7 == 0 ? "Saran " + i : null,
                        });
                    }
                }
            }
            await db.SaveChangesAsync();
            await new RecomputeIndices(db).RunAsync(["2025-S2", "2026-S1"]);

            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await TestUsers.CreateAsync(users, Password,
                ("admin@uji.test", Roles.Administrator, (string?)null, (int?)null),
                ("deputi@uji.test", Roles.Ministry, null, null),
                ("bupati@uji.test", Roles.RegionalHead, "35.17", null),
                ("mpp@uji.test", Roles.MppAdmin, "35.17", malls[0].mall.Id));
        }
    }

    private SignedInClients? _clients;

    private Task<HttpClient> ClientAsync(string? email) => (_clients ??= new SignedInClients(app, Password)).ForAsync(email);

    private async Task<IndexResult> StoredAsync(UnitKind kind, string key, string period)
    {
        await using var scope = app.Scope();
        return await app.Db(scope).IndexResults.AsNoTracking().SingleAsync(r => r.UnitKind == kind && r.UnitKey == key && r.PeriodCode == period);
    }

    public static TheoryData<string, string?, int> Matrix() => new()
    {
        // page, user (null: anonymous), expected status without following redirects
        { "/dasbor/35.17", null, 302 },
        { "/dasbor/35.17", "bupati@uji.test", 200 },
        { "/dasbor/35.17", "mpp@uji.test", 200 },
        { "/dasbor/35.17", "deputi@uji.test", 200 },
        { "/dasbor/35.17", "admin@uji.test", 200 },
        { "/dasbor/52.72", null, 302 },
        { "/dasbor/52.72", "bupati@uji.test", 403 },
        { "/dasbor/52.72", "mpp@uji.test", 403 },
        { "/dasbor/52.72", "deputi@uji.test", 200 },
        { "/dasbor/52.72", "admin@uji.test", 200 },
        { "/dasbor/35.78?periode=2025-S2", "bupati@uji.test", 403 },
        { "/dasbor/35.78?periode=2025-S2", "deputi@uji.test", 200 },
        { "/dasbor", null, 302 },
        { "/dasbor", "bupati@uji.test", 302 },
        { "/dasbor", "mpp@uji.test", 302 },
        { "/dasbor", "deputi@uji.test", 302 },
        { "/dasbor", "admin@uji.test", 302 },
        { "/kementerian", null, 302 },
        { "/kementerian", "bupati@uji.test", 302 },
        { "/kementerian", "mpp@uji.test", 302 },
        { "/kementerian", "deputi@uji.test", 200 },
        { "/kementerian", "admin@uji.test", 200 },
        { "/kementerian?sort=ikm&dir=desc&provinsi=35", "deputi@uji.test", 200 },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Every_page_answers_every_role_as_the_authorization_matrix_says(string path, string? email, int expected)
    {
        var client = await ClientAsync(email);

        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(expected, (int)response.StatusCode);
        if (expected == 302)
        {
            var target = response.Headers.Location!;
            // The cookie handler redirects to an absolute URL, the page itself to a relative one.
            var location = target.IsAbsoluteUri ? target.PathAndQuery : target.OriginalString;
            var where = (email, path) switch
            {
                (null, _) => "/Account/Login",
                (_, "/dasbor") when email is "bupati@uji.test" or "mpp@uji.test" => "/dasbor/35.17",
                (_, "/dasbor") => "/kementerian",
                _ => "/Account/AccessDenied",
            };
            Assert.StartsWith(where, location, StringComparison.Ordinal);
        }
        if (expected == 403)
        {
            // Never data: no index, no suggestion, no MPP name of the other regency.
            Assert.DoesNotContain("id=\"ikm\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Saran", html, StringComparison.Ordinal);
            Assert.DoesNotContain("MPP 52.72", html, StringComparison.Ordinal);
            Assert.DoesNotContain("MPP 35.78", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_regional_head_sees_the_stored_index_verdict_and_escaped_suggestions_of_their_MPP()
    {
        var stored = await StoredAsync(UnitKind.Mall, "35.17", "2026-S1");
        var client = await ClientAsync("bupati@uji.test");

        var html = await client.GetStringAsync("/dasbor/35.17");

        Assert.Contains($"<dd id=\"ikm\">{stored.Converted.ToString("0.00", System.Globalization.CultureInfo.GetCultureInfo("id-ID"))}</dd>", html);
        Assert.Contains("Naik secara signifikan", html); // seeded mood rises by 0.4 between the semesters
        // The open period's figures say when they were computed, and that they are provisional.
        Assert.Contains("<p id=\"computed-at\">Angka sementara per " + SnapshotTime.Format(stored.ComputedAt, Core.Regions.IndonesianTimeZone.Wib,
            System.Globalization.CultureInfo.GetCultureInfo("id-ID")) + " (periode masih dibuka", html);
        Assert.Equal("SignificantRise", stored.ChangeVerdict);
        Assert.Contains("&lt;script&gt;alert(", html);
        Assert.DoesNotContain("<script>alert(", html);
        Assert.Contains("href=\"/laporan/35.17/2026-S1.xlsx\"", html);
        Assert.Contains("sampel kurang", html); // the small agency is marked, not hidden
        Assert.Contains("<svg class=\"chart trend\"", html);
        Assert.Contains("<table class=\"data\" id=\"trend\">", html);
        Assert.Contains("<svg class=\"chart elements\"", html);
        Assert.Contains("Waktu Penyelesaian", html); // element names from ScoringText
        // A regional head reads the follow-up plan here; only the MPP's admin and the ministry edit it.
        Assert.Contains("id=\"tindak-lanjut\"", html);
        Assert.DoesNotContain("/Admin/TindakLanjut?mpp=35.17", html);
    }

    [Fact]
    public async Task An_earlier_period_and_English_show_that_periods_stored_numbers()
    {
        var stored = await StoredAsync(UnitKind.Mall, "35.17", "2025-S2");
        var client = await ClientAsync("mpp@uji.test");

        var html = await client.GetStringAsync("/dasbor/35.17?periode=2025-S2&culture=en");

        Assert.Contains($"<dd id=\"ikm\">{stored.Converted.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}</dd>", html);
        Assert.Contains("Recent suggestions", html);
    }

    [GeneratedRegex("<tr data-regency=\"([0-9.]+)\">")]
    private static partial Regex MallRow();

    [Fact]
    public async Task The_ministry_table_sorts_by_index_and_filters_by_province_on_the_server()
    {
        var client = await ClientAsync("deputi@uji.test");
        var ikm = new Dictionary<string, decimal>();
        foreach (var code in new[] { "35.17", "35.78", "52.72" })
        {
            ikm[code] = (await StoredAsync(UnitKind.Mall, code, "2026-S1")).Converted;
        }

        var desc = MallRow().Matches(await client.GetStringAsync("/kementerian?sort=ikm&dir=desc")).Select(m => m.Groups[1].Value).ToList();
        var asc = MallRow().Matches(await client.GetStringAsync("/kementerian?sort=ikm&dir=asc")).Select(m => m.Groups[1].Value).ToList();
        var jatim = MallRow().Matches(await client.GetStringAsync("/kementerian?sort=ikm&dir=desc&provinsi=35")).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(ikm.OrderByDescending(x => x.Value).Select(x => x.Key), desc);
        Assert.Equal(ikm.OrderBy(x => x.Value).Select(x => x.Key), asc);
        Assert.Equal(ikm.Where(x => x.Key.StartsWith("35", StringComparison.Ordinal)).OrderByDescending(x => x.Value).Select(x => x.Key), jatim);
    }

    [GeneratedRegex("<svg class=\"chart funnel\".*?</svg>", RegexOptions.Singleline)]
    private static partial Regex FunnelSvg();

    [Fact]
    public async Task The_funnel_plot_has_a_point_per_MPP_linking_to_its_dashboard_and_the_page_lists_provinces_and_laggards()
    {
        var client = await ClientAsync("deputi@uji.test");

        var html = await client.GetStringAsync("/kementerian?periode=2026-S1");
        var svg = FunnelSvg().Match(html).Value;

        foreach (var code in new[] { "35.17", "35.78", "52.72" })
        {
            Assert.Single(Regex.Matches(svg, $"<a class=\"point\" href=\"/dasbor/{Regex.Escape(code)}\\?periode=2026-S1\""));
        }
        Assert.Equal(3, Regex.Matches(svg, "<circle ").Count);
        Assert.Contains("<table class=\"data\" id=\"funnel-table\">", html);
        var national = await StoredAsync(UnitKind.National, "ID", "2026-S1");
        Assert.Contains(national.Converted.ToString("0.00", System.Globalization.CultureInfo.GetCultureInfo("id-ID")), html);
        var jatim = await StoredAsync(UnitKind.Province, "35", "2026-S1");
        Assert.Contains(jatim.Converted.ToString("0.00", System.Globalization.CultureInfo.GetCultureInfo("id-ID")), html);
        Assert.Contains("href=\"/laporan/nasional/2026-S1.xlsx\"", html);
        Assert.Matches("<ul id=\"below-b\">\\s*<li><a href=\"/dasbor/35.78", html); // the low MPP (mood 2.6-3.0) is below B
    }

    [Fact]
    public async Task A_deputy_opens_any_MPPs_dashboard_from_the_comparison()
    {
        var client = await ClientAsync("deputi@uji.test");

        var html = await client.GetStringAsync("/dasbor/52.72?periode=2026-S1");

        var stored = await StoredAsync(UnitKind.Mall, "52.72", "2026-S1");
        Assert.Contains($"<dd id=\"ikm\">{stored.Converted.ToString("0.00", System.Globalization.CultureInfo.GetCultureInfo("id-ID"))}</dd>", html);
        Assert.Contains("href=\"/kementerian?periode=2026-S1\"", html);
    }

    [Fact]
    public async Task The_follow_up_plan_is_read_on_the_dashboard_and_only_the_MPP_admin_gets_the_edit_link()
    {
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            var mallId = await db.Malls.Where(m => m.RegencyCode == "35.17").Select(m => m.Id).SingleAsync();
            if (!await db.Set<MppSurvey.Core.FollowUp.FollowUpAction>().AnyAsync(a => a.MallId == mallId && a.PeriodCode == "2026-S1"))
            {
                db.Add(new MppSurvey.Core.FollowUp.FollowUpAction
                {
                    MallId = mallId, PeriodCode = "2026-S1", ElementCode = "U3", Action = "Tambah loket antrean cepat",
                    Timeline = "2026-Q3", PersonInCharge = "Kepala DPMPTSP", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
                });
                await db.SaveChangesAsync();
            }
        }

        var head = await (await LoginClient.SignedInAsync(app, "bupati@uji.test", Password)).GetStringAsync("/dasbor/35.17?periode=2026-S1");
        var admin = await (await LoginClient.SignedInAsync(app, "mpp@uji.test", Password)).GetStringAsync("/dasbor/35.17?periode=2026-S1");

        Assert.Contains("Tambah loket antrean cepat", head);
        Assert.DoesNotContain("/Admin/TindakLanjut?mpp=35.17", head);
        Assert.Contains("/Admin/TindakLanjut?mpp=35.17&amp;periode=2026-S1", admin);
    }
}

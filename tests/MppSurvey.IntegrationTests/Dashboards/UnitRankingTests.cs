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

/// <summary>
/// The regent's dashboard ranks agencies and services on the shrunken index (docs/method.md,
/// Shrinkage), through the real pipeline: responses stored, the index job run, the page read.
/// </summary>
public sealed partial class UnitRankingTests(UnitRankingTests.Fixture app) : IClassFixture<UnitRankingTests.Fixture>
{
    public const string Password = "uji-coba-2026-aman";

    /// <summary>A service name with markup and odd Unicode: the table must encode it, never render it.</summary>
    public const string HostileName = "<b>Sedang</b> – ‘Ruang’ 🚀";

    /// <summary>
    /// One MPP (Jombang, 2026-S1) whose services are: Kecil, 3 respondents all answering 4 (raw 100.00);
    /// Besar, 300 respondents of whom 240 answer all 4 and 60 all 3 (average 3.8, raw 95.00); and two
    /// more services at 90.00 (60 + 40 of 100) and 87.50 (40 + 40 of 80), so the spread between
    /// services is real. Agency Satu runs Kecil and Besar, agency Dua the other two.
    /// </summary>
    public sealed class Fixture : AppFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            var db = Db(scope);
            var version = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
            db.Periods.Add(Period.Parse("2026-S1"));
            var one = new Agency { Name = "Instansi Satu", Services = { new Service { Name = "Kecil" }, new Service { Name = "Besar" } } };
            var two = new Agency { Name = "Instansi Dua", Services = { new Service { Name = HostileName }, new Service { Name = "Cukup" } } };
            var mall = new Mall { RegencyCode = "35.17", Name = "MPP Jombang", Agencies = { one, two } };
            db.Malls.Add(mall);
            await db.SaveChangesAsync();
            var survey = new Survey { MallId = mall.Id, TemplateVersionId = version.Id, PeriodCode = "2026-S1", Population = 5000 };
            db.Surveys.Add(survey);
            await db.SaveChangesAsync();

            var day = 0;
            void Add(Agency agency, Service service, int fours, int threes)
            {
                for (var i = 0; i < fours + threes; i++)
                {
                    var answer = (short?)(i < fours ? 4 : 3);
                    db.Responses.Add(new Response
                    {
                        Id = Guid.NewGuid(),
                        SurveyId = survey.Id,
                        MallId = mall.Id,
                        AgencyId = agency.Id,
                        ServiceId = service.Id,
                        TemplateVersionId = version.Id,
                        PeriodCode = "2026-S1",
                        Channel = ResponseChannel.Kiosk,
                        SubmittedAtLocal = new DateTime(2026, 1, 5, 9, 0, 0).AddMinutes(day++),
                        ReceivedAt = DateTimeOffset.UtcNow,
                        Scores = Enumerable.Repeat(answer, 9).ToArray(),
                    });
                }
            }
            Add(one, one.Services[0], 3, 0);
            Add(one, one.Services[1], 240, 60);
            Add(two, two.Services[0], 60, 40);
            Add(two, two.Services[1], 40, 40);
            await db.SaveChangesAsync();
            await new RecomputeIndices(db).RunAsync(["2026-S1"]);

            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await TestUsers.CreateAsync(users, Password, ("bupati@uji.test", Roles.RegionalHead, (string?)"35.17", (int?)null));
        }
    }

    private sealed record Row(string Rank, string Name, string N, string Raw, string Adjusted);

    [GeneratedRegex("<tr[^>]*>\\s*<td>(?<rank>[^<]*)</td>\\s*<th scope=\"row\">(?<name>.*?)(?:<span class=\"muted\">.*?</span>)?</th>\\s*<td class=\"num\">(?<n>[^<]*).*?</td>\\s*<td class=\"num raw\">(?<raw>[^<]*)</td>\\s*<td class=\"num adjusted\"><strong>(?<adj>[^<]*)</strong></td>", RegexOptions.Singleline)]
    private static partial Regex RankingRow();

    private static List<Row> Rows(string html, string tableId)
    {
        var start = html.IndexOf($"id=\"{tableId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table #{tableId}");
        var table = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
        return RankingRow().Matches(table)
            .Select(m => new Row(m.Groups["rank"].Value.Trim(), WebUtility.HtmlDecode(m.Groups["name"].Value.Trim()), m.Groups["n"].Value.Trim(), m.Groups["raw"].Value.Trim(), m.Groups["adj"].Value.Trim()))
            .ToList();
    }

    [Fact]
    public async Task Three_answers_all_4_do_not_rank_above_300_averaging_3_8_on_the_dashboard()
    {
        var client = await LoginClient.SignedInAsync(app, "bupati@uji.test", Password);

        var response = await client.GetAsync("/dasbor/35.17");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var services = Rows(html, "services");
        // Same figures as the unit test of the ranking: MPP 92.75, τ² ≈ 16.49; Kecil keeps B ≈ 0.29 of
        // its distance from the MPP (≈ 94.87), Besar 0.98 (≈ 94.96). Before the shrinkage Kecil was first.
        Assert.Equal(
            [
                new Row("1", "Besar", "300", "95,00 (A)", "94,96"),
                new Row("2", "Kecil", "3", "100,00 (A)", "94,87"),
                new Row("3", HostileName, "100", "90,00 (A)", "90,23"),
                new Row("4", "Cukup", "80", "87,50 (B)", "88,06"),
            ],
            services);
        Assert.DoesNotContain("<b>Sedang</b>", html, StringComparison.Ordinal);
        Assert.Contains("IKM disesuaikan", html, StringComparison.Ordinal);
        Assert.Contains("id=\"adjusted-note\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agencies_are_ranked_the_same_way_and_the_English_page_names_the_columns()
    {
        var client = await LoginClient.SignedInAsync(app, "bupati@uji.test", Password);

        var html = await client.GetStringAsync("/dasbor/35.17?culture=en");
        var agencies = Rows(html, "agencies");

        // Satu: 303 respondents, raw 95.05; Dua: 180, raw 88.89; MPP 92.75. Pooled s_p² ≈ 120.27 is not
        // used (both have 30 or more): v = SE² ≈ 0.3287 and 0.8621, τ² ≈ 18.38, so both keep over 95% of
        // their distance from the MPP: θ ≈ 95.01 and 89.06 (worked in the same way as the unit tests).
        Assert.Equal(
            [
                new Row("1", "Instansi Satu", "303", "95.05 (A)", "95.01"),
                new Row("2", "Instansi Dua", "180", "88.89 (A)", "89.06"),
            ],
            agencies);
        Assert.Contains("Adjusted IKM", html, StringComparison.Ordinal);
        Assert.Contains("Raw IKM", html, StringComparison.Ordinal);
    }

    private static IndexResult Stored(UnitKind kind, decimal converted, int respondents, long scoreN, double? se) => new()
    {
        PeriodCode = "2026-S1", TemplateCode = "skm", UnitKind = kind, UnitKey = "x", Respondents = respondents, ScoreN = scoreN,
        ElementCodes = [], ElementAnswered = [], ElementSums = [], Converted = converted, Grade = "A", StandardError = se,
    };

    [Fact]
    public void A_unit_nobody_answered_is_listed_last_without_rank_or_adjusted_value()
    {
        var mpp = Stored(UnitKind.Mall, 90m, 200, 200, 0.7);

        var rows = Web.Dasbor.MallDashboardQuery.Ranked(mpp,
        [
            (Stored(UnitKind.Service, 0m, 2, 0, null), "Kosong", null),
            (Stored(UnitKind.Service, 92m, 100, 100, 1), "Satu", null),
            (Stored(UnitKind.Service, 88m, 98, 98, 1), "Dua", null),
        ]);

        Assert.Equal(["Satu", "Dua", "Kosong"], rows.Select(r => r.Name));
        Assert.Equal([1, 2, (int?)null], rows.Select(r => r.Rank));
        Assert.Null(rows[2].Adjusted);
        Assert.Empty(Web.Dasbor.MallDashboardQuery.Ranked(mpp, []));
    }
}

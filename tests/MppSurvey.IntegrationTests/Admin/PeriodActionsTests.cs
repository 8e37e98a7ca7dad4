using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.IntegrationTests.Public;
using Npgsql;

namespace MppSurvey.IntegrationTests.Admin;

/// <summary>
/// Closing, reopening and publishing a period on /Admin/Periode, the careless way (no confirmation,
/// double submit, back button, no reason) and the hostile way (wrong role, forged period, no token).
/// Each test uses its own MPP and period of <see cref="PublicResultsFixture"/>: 35.17 2025-S2 is
/// closed and published, 52.72 2026-S1 closed and reopened, 35.17 2026-S1 never closed, 52.72
/// 2025-S2 closed behind the job's back, and 35.17 gets a survey of the running semester.
/// </summary>
public sealed class PeriodActionsTests(PublicResultsFixture app) : IClassFixture<PublicResultsFixture>
{
    private static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    private static Task<HttpResponseMessage> UnconfirmedAsync(HttpClient client, string handler, string regency, string period) =>
        PublicResultsFixture.PostFormAsync(client, "/Admin/Periode", $"/Admin/Periode?handler={handler}", [Field("mpp", regency), Field("PeriodCode", period)]);

    private static async Task<string> ErrorAsync(HttpResponseMessage response, string id)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var start = html.IndexOf($"id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no #{id} in the page");
        start = html.IndexOf('>', start) + 1;
        return WebUtility.HtmlDecode(html[start..html.IndexOf('<', start)]);
    }

    private async Task<List<(string Action, string Target, string? Detail)>> AuditAsync(string period)
    {
        await using var scope = app.Scope();
        return (await app.Db(scope).AuditEntries.AsNoTracking().Where(a => a.Action.StartsWith("period.") && a.Target.StartsWith(period))
            .OrderBy(a => a.Id).Select(a => new { a.Action, a.Target, a.Detail }).ToListAsync())
            .Select(a => (a.Action, a.Target, a.Detail)).ToList();
    }

    [Fact]
    public async Task Closing_needs_a_confirmation_and_a_double_submit_or_the_back_button_closes_nothing_twice_then_publishing_confirms_too()
    {
        var client = await app.SignedInAsync("mpp@uji.test");

        // One click only shows what closing does.
        var first = await UnconfirmedAsync(client, "Close", "35.17", "2025-S2");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var page = await first.Content.ReadAsStringAsync();
        Assert.Contains("id=\"confirm-close\"", page, StringComparison.Ordinal);
        Assert.Contains("amandemen terlambat", page, StringComparison.Ordinal);
        Assert.Contains("name=\"Confirmed\" value=\"true\"", page, StringComparison.Ordinal);
        Assert.Null((await app.SurveyAsync("35.17", "2025-S2")).ClosedAt);

        var close = await PublicResultsFixture.PeriodActionAsync(client, "Close", "35.17", "2025-S2");
        Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
        var closedAt = (await app.SurveyAsync("35.17", "2025-S2")).ClosedAt!.Value;
        // The index job was queued, not run in the request: it stores the frozen figure shortly after.
        var frozen = await app.WaitForRecomputeAsync("35.17", "2025-S2", closedAt);
        Assert.Equal(20, frozen.Respondents);

        // Double submit, and the back button re-posting the confirmation: nothing changes, one audit entry.
        var again = await PublicResultsFixture.PeriodActionAsync(client, "Close", "35.17", "2025-S2");
        Assert.Equal("Periode 2025-S2 sudah ditutup.", await ErrorAsync(again, "period-error"));
        Assert.Equal(closedAt, (await app.SurveyAsync("35.17", "2025-S2")).ClosedAt);
        Assert.Equal([("period.close", "2025-S2 · MPP 35.17", (string?)null)], await AuditAsync("2025-S2"));

        var unconfirmedPublish = await UnconfirmedAsync(client, "Publish", "35.17", "2025-S2");
        Assert.Contains("id=\"confirm-publish\"", await unconfirmedPublish.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await app.SurveyAsync("35.17", "2025-S2")).PublishedAt);

        Assert.Equal(HttpStatusCode.Redirect, (await PublicResultsFixture.PeriodActionAsync(client, "Publish", "35.17", "2025-S2")).StatusCode);
        var publishedAt = (await app.SurveyAsync("35.17", "2025-S2")).PublishedAt;
        Assert.NotNull(publishedAt);
        var publishAgain = await PublicResultsFixture.PeriodActionAsync(client, "Publish", "35.17", "2025-S2");
        Assert.Equal("Periode 2025-S2 sudah diumumkan.", await ErrorAsync(publishAgain, "period-error"));
        Assert.Equal(publishedAt, (await app.SurveyAsync("35.17", "2025-S2")).PublishedAt);

        // Not even the ministry reopens a published period.
        var deputi = await app.SignedInAsync("deputi@uji.test");
        var reopen = await PublicResultsFixture.PeriodActionAsync(deputi, "Reopen", "35.17", "2025-S2", Field("Reason", "coba"));
        Assert.Equal("Periode 2025-S2 sudah diumumkan dan tidak dapat dibuka kembali: angka yang diumumkan tidak pernah berubah.",
            await ErrorAsync(reopen, "period-error"));
        var survey = await app.SurveyAsync("35.17", "2025-S2");
        Assert.Equal(closedAt, survey.ClosedAt);
        Assert.Equal(publishedAt, survey.PublishedAt);
        Assert.Equal(["period.close", "period.publish"], (await AuditAsync("2025-S2")).Select(a => a.Action));
    }

    [Fact]
    public async Task Closing_a_running_period_needs_close_early_and_a_reason_which_goes_into_the_audit_log()
    {
        // The semester running today at the MPP (WIB).
        var running = Period.Containing(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)), PeriodKind.Semester);
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            if (!await db.Periods.AnyAsync(p => p.Code == running.Code))
            {
                db.Periods.Add(running);
            }
            var version = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
            db.Surveys.Add(new Survey { MallId = app.MallIds["35.17"], TemplateVersionId = version.Id, PeriodCode = running.Code });
            await db.SaveChangesAsync();
        }
        var client = await app.SignedInAsync("mpp@uji.test");
        var lastDay = running.EndsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var confirm = await UnconfirmedAsync(client, "Close", "35.17", running.Code);
        var html = await confirm.Content.ReadAsStringAsync();
        Assert.Contains("id=\"confirm-early\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Early\" value=\"true\"", html, StringComparison.Ordinal);

        // A hand-made post that confirms but skips "close early".
        var notEarly = await PublicResultsFixture.PeriodActionAsync(client, "Close", "35.17", running.Code);
        Assert.Equal($"Periode {running.Code} baru berakhir pada {lastDay}. Untuk menutupnya sekarang, pilih Tutup lebih awal dan tuliskan alasannya.",
            await ErrorAsync(notEarly, "period-error"));
        var blank = await PublicResultsFixture.PeriodActionAsync(client, "Close", "35.17", running.Code, Field("Early", "true"), Field("Reason", " \r\n "));
        Assert.Equal("Tuliskan alasannya; alasan dicatat dalam log audit.", await ErrorAsync(blank, "reason-error"));
        // Zero-width characters look blank in the audit log too (found by an outside probe).
        var invisible = await PublicResultsFixture.PeriodActionAsync(client, "Close", "35.17", running.Code, Field("Early", "true"), Field("Reason", "\u200b\u200b\u200b"));
        Assert.Equal("Tuliskan alasannya; alasan dicatat dalam log audit.", await ErrorAsync(invisible, "reason-error"));
        var english = await PublicResultsFixture.PostFormAsync(client, "/Admin/Periode", "/Admin/Periode?handler=Close&culture=en",
            [Field("mpp", "35.17"), Field("PeriodCode", running.Code), Field("Confirmed", "true"), Field("Early", "true")]);
        Assert.Equal("Give a reason; it is kept in the audit log.", await ErrorAsync(english, "reason-error"));
        Assert.Null((await app.SurveyAsync("35.17", running.Code)).ClosedAt);
        Assert.Empty(await AuditAsync(running.Code));

        var early = await PublicResultsFixture.PeriodActionAsync(client, "Close", "35.17", running.Code, Field("Early", "true"), Field("Reason", "  Gedung MPP direnovasi "));
        Assert.Equal(HttpStatusCode.Redirect, early.StatusCode);
        Assert.NotNull((await app.SurveyAsync("35.17", running.Code)).ClosedAt);
        Assert.Equal([("period.close", $"{running.Code} · MPP 35.17", (string?)"Gedung MPP direnovasi")], await AuditAsync(running.Code));
    }

    [Fact]
    public async Task The_ministry_reopens_a_closed_unpublished_period_with_a_reason_and_its_late_responses_count_again()
    {
        var bima = await app.SignedInAsync("mpp.bima@uji.test");
        Assert.Equal(HttpStatusCode.Redirect, (await PublicResultsFixture.PeriodActionAsync(bima, "Close", "52.72", "2026-S1")).StatusCode);
        var closedAt = (await app.SurveyAsync("52.72", "2026-S1")).ClosedAt!.Value;
        Assert.Equal(20, (await app.WaitForRecomputeAsync("52.72", "2026-S1", closedAt)).Respondents);
        // An offline queue delivers a response of the closed period: it is kept as Late.
        Guid late;
        await using (var scope = app.Scope())
        {
            var agencyId = await app.Db(scope).Services.Where(s => s.Id == app.ServiceIds["52.72"]).Select(s => s.AgencyId).SingleAsync();
            var result = await scope.ServiceProvider.GetRequiredService<ResponseRecorder>().RecordAsync(new ResponseSubmission
            {
                Id = Guid.NewGuid(), RegencyCode = "52.72", AgencyId = agencyId, ServiceId = app.ServiceIds["52.72"], Channel = ResponseChannel.QrPhone,
                SubmittedAt = new DateTimeOffset(2026, 5, 20, 10, 0, 0, TimeSpan.FromHours(8)),
                Answers = Enumerable.Range(1, 9).ToDictionary(i => "U" + i.ToString(CultureInfo.InvariantCulture), _ => (int?)4),
            });
            Assert.Equal(RecordOutcome.Created, result.Outcome);
            late = result.Id;
        }
        Assert.True((await FlagsAsync(late)).HasFlag(ResponseFlags.Late));

        // Its own MPP admin, another MPP's admin and a regional head may not reopen it.
        foreach (var email in new[] { "mpp.bima@uji.test", "mpp@uji.test", "bupati@uji.test" })
        {
            var client = await app.SignedInAsync(email);
            var formPage = email.StartsWith("bupati", StringComparison.Ordinal) ? "/" : "/Admin/Periode";
            var refused = await PublicResultsFixture.PostFormAsync(client, formPage, "/Admin/Periode?handler=Reopen",
                [Field("mpp", "52.72"), Field("PeriodCode", "2026-S1"), Field("Confirmed", "true"), Field("Reason", "saya mau")]);
            PublicResultsFixture.AssertRefused(refused);
        }
        Assert.Equal(closedAt, (await app.SurveyAsync("52.72", "2026-S1")).ClosedAt);

        var deputi = await app.SignedInAsync("deputi@uji.test");
        // A forged period and a period that is no period: not found, nothing changes.
        Assert.Equal(HttpStatusCode.NotFound, (await PublicResultsFixture.PeriodActionAsync(deputi, "Reopen", "52.72", "2019-S1", Field("Reason", "x"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PublicResultsFixture.PeriodActionAsync(deputi, "Reopen", "52.72", "2026-S1' OR 1=1", Field("Reason", "x"))).StatusCode);
        var unconfirmed = await UnconfirmedAsync(deputi, "Reopen", "52.72", "2026-S1");
        Assert.Contains("id=\"confirm-reopen\"", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noReason = await PublicResultsFixture.PeriodActionAsync(deputi, "Reopen", "52.72", "2026-S1");
        Assert.Equal("Tuliskan alasannya; alasan dicatat dalam log audit.", await ErrorAsync(noReason, "reason-error"));
        Assert.Equal(closedAt, (await app.SurveyAsync("52.72", "2026-S1")).ClosedAt);
        Assert.True((await FlagsAsync(late)).HasFlag(ResponseFlags.Late));

        var reopenedBefore = DateTimeOffset.UtcNow;
        var reopen = await PublicResultsFixture.PeriodActionAsync(deputi, "Reopen", "52.72", "2026-S1", Field("Reason", "Ditutup terlalu cepat oleh petugas"));
        Assert.Equal(HttpStatusCode.Redirect, reopen.StatusCode);
        Assert.Null((await app.SurveyAsync("52.72", "2026-S1")).ClosedAt);
        Assert.False((await FlagsAsync(late)).HasFlag(ResponseFlags.Late));
        Assert.Equal([("period.close", "2026-S1 · MPP 52.72", (string?)null), ("period.reopen", "2026-S1 · MPP 52.72", "Ditutup terlalu cepat oleh petugas")],
            await AuditAsync("2026-S1"));
        // The queued recomputation now counts the response that was late: 21 respondents.
        Assert.Equal(21, (await app.WaitForRecomputeAsync("52.72", "2026-S1", reopenedBefore)).Respondents);

        // The back button re-posting the reopen: it is open already, nothing changes.
        var again = await PublicResultsFixture.PeriodActionAsync(deputi, "Reopen", "52.72", "2026-S1", Field("Reason", "Ditutup terlalu cepat oleh petugas"));
        Assert.Equal("Periode 2026-S1 tidak sedang ditutup.", await ErrorAsync(again, "period-error"));
        Assert.Equal(2, (await AuditAsync("2026-S1")).Count);
    }

    [Fact]
    public async Task Publishing_waits_until_the_figure_is_recomputed_after_the_close()
    {
        // Closed behind the index job's back: the stored figure predates the close.
        await using (var scope = app.Scope())
        {
            await app.Db(scope).Surveys.Where(s => s.MallId == app.MallIds["52.72"] && s.PeriodCode == "2025-S2")
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.ClosedAt, DateTimeOffset.UtcNow));
        }
        var client = await app.SignedInAsync("deputi@uji.test");

        var html = await client.GetStringAsync("/Admin/Periode?mpp=52.72");
        Assert.Contains("Hasil sedang dihitung ulang", html, StringComparison.Ordinal);
        var publish = await PublicResultsFixture.PeriodActionAsync(client, "Publish", "52.72", "2025-S2");

        Assert.Equal("Hasil periode 2025-S2 masih dihitung ulang setelah penutupan, jadi belum dapat diumumkan. Muat ulang halaman ini dalam satu menit lalu umumkan.",
            await ErrorAsync(publish, "period-error"));
        Assert.Null((await app.SurveyAsync("52.72", "2025-S2")).PublishedAt);
    }

    [Theory]
    [InlineData("Close")]
    [InlineData("Reopen")]
    [InlineData("Publish")]
    public async Task A_period_action_without_an_antiforgery_token_is_400_and_changes_nothing(string handler)
    {
        var client = await app.SignedInAsync("deputi@uji.test");
        var before = await app.SurveyAsync("35.17", "2026-S1");

        var response = await client.PostAsync($"/Admin/Periode?handler={handler}", new FormUrlEncodedContent(
            [Field("mpp", "35.17"), Field("PeriodCode", "2026-S1"), Field("Confirmed", "true"), Field("Early", "true"), Field("Reason", "x")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var after = await app.SurveyAsync("35.17", "2026-S1");
        Assert.Equal((before.ClosedAt, before.PublishedAt), (after.ClosedAt, after.PublishedAt));
    }

    [Fact]
    public async Task The_schema_refuses_a_published_survey_that_is_not_closed()
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);

        var e = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync(
            "UPDATE surveys SET published_at = now(), closed_at = NULL WHERE period_code = '2026-S1'"));

        Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState);
        Assert.Equal("ck_surveys_published_is_closed", e.ConstraintName);
    }

    private async Task<ResponseFlags> FlagsAsync(Guid id)
    {
        await using var scope = app.Scope();
        return await app.Db(scope).Responses.AsNoTracking().Where(r => r.Id == id).Select(r => r.Flags).SingleAsync();
    }
}

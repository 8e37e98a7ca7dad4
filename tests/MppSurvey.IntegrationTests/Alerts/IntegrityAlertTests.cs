using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Alerts;
using MppSurvey.IntegrationTests.Email;
using MppSurvey.Web.Email;
using static MppSurvey.IntegrationTests.Alerts.IntegrityAlertFixture;

namespace MppSurvey.IntegrationTests.Alerts;

/// <summary>
/// Integrity alerts end to end: a suggestion about a gratuity, or an SPAK answer at the bottom of the
/// scale, sent through the API raises one alert with the response; the MPP's admin and the regency's
/// head (only they, and the ministry) see it at once and get one e-mail each with the masked text;
/// acknowledging it needs a note, is audited and happens once; an alert left open for a week is on
/// the ministry's list until it is acknowledged.
/// </summary>
public sealed class IntegrityAlertTests(IntegrityAlertFixture app) : IClassFixture<IntegrityAlertFixture>
{
    /// <summary>A gratuity the classifier knows, a phone number and an NIK to be masked, and a marker to find this test's mails.</summary>
    private static string Suggestion(string marker) =>
        $"Petugas loket {marker} minta uang rokok 50 ribu, hubungi saya 0812-3456-7890, NIK 3517012345670001";

    private IReadOnlyList<ReceivedMail> MailsWith(string marker) =>
        app.Smtp.Received.Where(m => m.Text.Contains(marker, StringComparison.Ordinal)).ToList();

    private async Task<int> RunJobAsync()
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<IntegrityAlertMail>().SendPendingAsync(EmailFixture.Origin, CancellationToken.None);
    }

    private async Task<IntegrityAlert> RaiseAsync(string marker)
    {
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, await app.SendAsync(app.Body(id, Suggestion(marker))));
        return Assert.Single(await app.AlertsOfAsync(id));
    }

    [Fact]
    public async Task An_integrity_suggestion_raises_one_alert_seen_by_its_MPPs_admin_and_head_only_and_mailed_masked_once_to_each()
    {
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, await app.SendAsync(app.Body(id, Suggestion("QX41"))));

        var alert = Assert.Single(await app.AlertsOfAsync(id));
        Assert.Equal(IntegrityAlertReason.Suggestion, alert.Reason);
        Assert.Equal(app.MallId, alert.MallId);
        Assert.Equal(app.OpenPeriod, alert.PeriodCode);
        Assert.Equal("Petugas loket QX41 minta uang rokok 50 ribu, hubungi saya [disamarkan], NIK [disamarkan]", alert.MaskedText);
        Assert.Null(alert.AcknowledgedAt);

        var id1 = await app.Smtp.WaitForAsync(JombangAdmin, m => m.Text.Contains("QX41", StringComparison.Ordinal));
        var en = await app.Smtp.WaitForAsync(JombangHead, m => m.Text.Contains("QX41", StringComparison.Ordinal));
        Assert.Equal("Peringatan integritas: MPP Jombang", id1.Subject);
        Assert.Equal("Integrity alert: MPP Jombang", en.Subject);
        foreach (var mail in new[] { id1, en })
        {
            Assert.Contains("hubungi saya [disamarkan], NIK [disamarkan]", mail.Text, StringComparison.Ordinal);
            Assert.Contains(app.OpenPeriod, mail.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("3456", mail.Text + mail.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("3517012345670001", mail.Text + mail.Html, StringComparison.Ordinal);
        }
        Assert.Equal(new Uri(EmailFixture.Origin + "/Admin/Peringatan?mpp=35.17"), EmailFixture.LinkIn(id1));
        Assert.Equal(new Uri(EmailFixture.Origin + "/Admin/Peringatan?mpp=35.17&culture=en"), EmailFixture.LinkIn(en));

        // The job again: every recipient is marked, nothing goes twice, and nobody of another MPP got one.
        Assert.Equal(0, await RunJobAsync());
        await app.SucceededJobsWhenIdleAsync();
        Assert.Equal([JombangHead, JombangAdmin], MailsWith("QX41").SelectMany(m => m.EnvelopeTo).Order());
        await using (var scope = app.Scope())
        {
            Assert.NotNull((await app.Db(scope).IntegrityAlerts.AsNoTracking().SingleAsync(a => a.Id == alert.Id)).NotifiedAt);
            Assert.Equal(2, await app.Db(scope).IntegrityAlertNotices.CountAsync(n => n.AlertId == alert.Id));
        }

        // On the pages at once: the MPP's admin, its regional head and the ministry; not Bima's people.
        foreach (var (user, sees) in new[] { (JombangAdmin, true), (JombangHead, true), (Ministry, true), (BimaAdmin, false), (BimaHead, false) })
        {
            using var client = await app.SignedInAsync(user);
            var html = await client.GetStringAsync("/Admin/Peringatan");
            Assert.Equal(sees, html.Contains($"data-alert=\"{alert.Id}\"", StringComparison.Ordinal));
            Assert.DoesNotContain("3517012345670001", html, StringComparison.Ordinal);
            Assert.Equal(sees, html.Contains("id=\"nav-alert-count\"", StringComparison.Ordinal));
        }
        using (var admin = await app.SignedInAsync(JombangAdmin))
        {
            var dashboard = await admin.GetStringAsync("/dasbor/35.17");
            Assert.Matches("id=\"integrity-alerts\">\\s*<a href=\"/Admin/Peringatan\\?mpp=35.17\">\\d+ peringatan integritas belum ditanggapi</a>", dashboard);
        }

        // Bima's admin forging Jombang's alert id in the acknowledge form: not found, nothing changes.
        using (var bima = await app.SignedInAsync(BimaAdmin))
        {
            var forged = await AcknowledgeAsync(bima, alert.Id, "Sudah ditindaklanjuti");
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        }
        using (var bimaHead = await app.SignedInAsync(BimaHead))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await AcknowledgeAsync(bimaHead, alert.Id, "Sudah ditindaklanjuti")).StatusCode);
        }
        // Nor an id that does not exist or does not bind, from anyone.
        using (var admin = await app.SignedInAsync(JombangAdmin))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await AcknowledgeAsync(admin, long.MaxValue, "Sudah")).StatusCode);
            var unbound = await EmailFixture.PostFormAsync(admin, "/Admin/Peringatan", "/Admin/Peringatan?handler=Acknowledge", [new("AlertId", "1 OR 1=1"), new("Note", "Sudah")]);
            Assert.Equal(HttpStatusCode.NotFound, unbound.StatusCode);
            // Odd text: a control character is refused beside the field, nothing is stored.
            var bell = await AcknowledgeAsync(admin, alert.Id, "Sudah\u0007 ditindaklanjuti");
            Assert.Equal(HttpStatusCode.OK, bell.StatusCode);
            Assert.Contains("Catatan memuat karakter kendali", await bell.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Null(Assert.Single(await app.AlertsOfAsync(id)).AcknowledgedAt);
        await using (var scope = app.Scope())
        {
            Assert.Equal(0, await app.Db(scope).AuditEntries.CountAsync(e => e.Target.Contains($"#{alert.Id} ")));
        }
    }

    [Fact]
    public async Task A_replayed_response_raises_no_second_alert_and_no_second_mail()
    {
        var id = Guid.NewGuid();
        var body = app.Body(id, Suggestion("RP07"));
        Assert.Equal(HttpStatusCode.Created, await app.SendAsync(body));
        await app.Smtp.WaitForAsync(JombangAdmin, m => m.Text.Contains("RP07", StringComparison.Ordinal));
        await app.Smtp.WaitForAsync(JombangHead, m => m.Text.Contains("RP07", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, await app.SendAsync(body));
        Assert.Equal(HttpStatusCode.OK, await app.SendAsync(body));
        await app.SucceededJobsWhenIdleAsync();
        Assert.Equal(0, await RunJobAsync());

        Assert.Single(await app.AlertsOfAsync(id));
        Assert.Equal(2, MailsWith("RP07").Count);
    }

    [Fact]
    public async Task An_SPAK_answer_at_the_bottom_of_the_scale_raises_one_alert_naming_the_indicators()
    {
        var bottom = Guid.NewGuid();
        var answers = new JsonObject { ["A1"] = 6, ["A2"] = 5, ["A3"] = 1, ["A4"] = 4, ["A5"] = 1 };
        Assert.Equal(HttpStatusCode.Created, await app.SendAsync(app.Body(bottom, null, "spak", answers)));
        var alert = Assert.Single(await app.AlertsOfAsync(bottom));
        Assert.Equal(IntegrityAlertReason.SpakAnswer, alert.Reason);
        Assert.Equal("A3: 1, A5: 1", alert.MaskedText);

        // Both at once: an SPAK response at the bottom with a suggestion about a broker raises one of each.
        var both = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, await app.SendAsync(app.Body(both, "Banyak calo di depan gedung", "spak",
            new JsonObject { ["A1"] = 1, ["A2"] = 2, ["A3"] = 3, ["A4"] = 4, ["A5"] = 5 })));
        Assert.Equal([IntegrityAlertReason.Suggestion, IntegrityAlertReason.SpakAnswer], (await app.AlertsOfAsync(both)).Select(a => a.Reason));
        Assert.Equal("A1: 1", (await app.AlertsOfAsync(both))[1].MaskedText);

        // Not an alert: SPAK answered 2 and up, an SKM answer of 1 (its scale is service quality), a plain complaint.
        var fine = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, await app.SendAsync(app.Body(fine, null, "spak",
            new JsonObject { ["A1"] = 2, ["A2"] = 6, ["A3"] = 6, ["A4"] = 6, ["A5"] = 6 })));
        var skm = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, await app.SendAsync(app.Body(skm, "Ruang tunggu panas dan antrean lama")));
        Assert.Empty(await app.AlertsOfAsync(fine));
        Assert.Empty(await app.AlertsOfAsync(skm));
    }

    [Fact]
    public async Task Acknowledging_needs_a_note_is_audited_shows_on_the_page_and_happens_only_once()
    {
        var alert = await RaiseAsync("AK19");
        using var admin = await app.SignedInAsync(JombangAdmin);

        // Careless: an empty note, and one over the limit. The message is beside the field; nothing changes.
        var empty = await AcknowledgeAsync(admin, alert.Id, "   \n ");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains($"id=\"note-{alert.Id}-error\">Tulis catatan tindak lanjut sebelum menanggapi.</span>", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var tooLong = await AcknowledgeAsync(admin, alert.Id, new string('x', 1001));
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        Assert.Contains("Catatan paling banyak 1000 karakter.", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(Assert.Single(await app.AlertsOfAsync(alert.ResponseId)).AcknowledgedAt);

        var done = await AcknowledgeAsync(admin, alert.Id, "  Petugas loket ditegur; kasus diteruskan ke inspektorat.  ");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var stored = Assert.Single(await app.AlertsOfAsync(alert.ResponseId));
        Assert.NotNull(stored.AcknowledgedAt);
        Assert.Equal(JombangAdmin, stored.AcknowledgedBy);
        Assert.Equal("Petugas loket ditegur; kasus diteruskan ke inspektorat.", stored.AcknowledgementNote);
        await using (var scope = app.Scope())
        {
            var audit = Assert.Single(await app.Db(scope).AuditEntries.AsNoTracking().Where(e => e.Target.Contains($"#{alert.Id} ")).ToListAsync());
            Assert.Equal("alert.acknowledge", audit.Action);
            Assert.Equal(JombangAdmin, audit.Actor);
            Assert.Equal(app.MallId, audit.MallId);
            Assert.Equal(stored.AcknowledgedAt, audit.At);
            Assert.Equal(stored.AcknowledgementNote, audit.Detail);
        }
        var page = await admin.GetStringAsync(done.Headers.Location!.OriginalString);
        Assert.Contains("Peringatan telah ditanggapi.", page, StringComparison.Ordinal);
        Assert.Matches($"<table class=\"data\" id=\"acknowledged-alerts\">[\\s\\S]*data-alert=\"{alert.Id}\"[\\s\\S]*Petugas loket ditegur", page);
        var audited = await admin.GetAsync("/Admin/Audit");
        Assert.NotEqual(HttpStatusCode.InternalServerError, audited.StatusCode);

        // The same form again (double submit, the back button): a clear message, the first note stays.
        var again = await AcknowledgeAsync(admin, alert.Id, "Catatan kedua");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Peringatan ini sudah ditanggapi sebelumnya", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Petugas loket ditegur; kasus diteruskan ke inspektorat.", Assert.Single(await app.AlertsOfAsync(alert.ResponseId)).AcknowledgementNote);
        await using (var scope = app.Scope())
        {
            Assert.Equal(1, await app.Db(scope).AuditEntries.CountAsync(e => e.Target.Contains($"#{alert.Id} ")));
        }
    }

    [Fact]
    public async Task A_note_of_invisible_characters_is_refused_and_a_note_at_the_browsers_limit_with_line_breaks_is_kept()
    {
        var alert = await RaiseAsync("ZW31");
        using var admin = await app.SignedInAsync(JombangAdmin);

        // Hostile or pasted: zero-width space, word joiner and BOM look like an empty note everywhere it is shown.
        var invisible = await AcknowledgeAsync(admin, alert.Id, "\u200B\u2060\uFEFF ");
        Assert.Equal(HttpStatusCode.OK, invisible.StatusCode);
        Assert.Contains($"id=\"note-{alert.Id}-error\">Tulis catatan tindak lanjut sebelum menanggapi.</span>", await invisible.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(Assert.Single(await app.AlertsOfAsync(alert.ResponseId)).AcknowledgedAt);
        await using (var scope = app.Scope())
        {
            Assert.Equal(0, await app.Db(scope).AuditEntries.CountAsync(e => e.Target.Contains($"#{alert.Id} ")));
        }

        // Careless: ten lines filling the textarea's maxlength of 1000 (the browser counts a line break as one
        // character, then sends it as CRLF: 1009 characters arrive). Kept, with its line breaks as LF.
        var lines = string.Join("\n", Enumerable.Range(0, 10).Select(i => new string((char)('a' + i), i == 9 ? 100 : 99)));
        Assert.Equal(1000, lines.Length);
        var full = await AcknowledgeAsync(admin, alert.Id, lines.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Redirect, full.StatusCode);
        var stored = Assert.Single(await app.AlertsOfAsync(alert.ResponseId));
        Assert.Equal(lines, stored.AcknowledgementNote);
        await using (var scope = app.Scope())
        {
            Assert.Equal(lines, (await app.Db(scope).AuditEntries.SingleAsync(e => e.Target.Contains($"#{alert.Id} "))).Detail);
        }
    }

    [Fact]
    public async Task Two_tabs_acknowledging_one_alert_at_once_store_one_acknowledgement()
    {
        var alert = await RaiseAsync("TT23");
        using var admin = await app.SignedInAsync(JombangAdmin);
        using var head = await app.SignedInAsync(JombangHead);

        var answers = await Task.WhenAll(AcknowledgeAsync(admin, alert.Id, "Dari tab pertama"), AcknowledgeAsync(head, alert.Id, "From the second tab"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Redirect], answers.Select(a => a.StatusCode).Order());
        var stored = Assert.Single(await app.AlertsOfAsync(alert.ResponseId));
        var winner = answers[0].StatusCode == HttpStatusCode.Redirect ? (JombangAdmin, "Dari tab pertama") : (JombangHead, "From the second tab");
        Assert.Equal(winner, (stored.AcknowledgedBy, stored.AcknowledgementNote));
        await using var scope = app.Scope();
        Assert.Equal(1, await app.Db(scope).AuditEntries.CountAsync(e => e.Target.Contains($"#{alert.Id} ")));
    }

    [Fact]
    public async Task An_alert_open_for_more_than_seven_days_is_on_the_ministry_list_until_it_is_acknowledged()
    {
        var old = await RaiseAsync("OD88");
        var recent = await RaiseAsync("OD89");
        await using (var scope = app.Scope())
        {
            await app.Db(scope).IntegrityAlerts.Where(a => a.Id == old.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.RaisedAt, DateTimeOffset.UtcNow.AddDays(-8)));
        }
        using var ministry = await app.SignedInAsync(Ministry);
        var before = await ministry.GetStringAsync("/kementerian");
        Assert.Matches($"<li data-alert=\"{old.Id}\"><a href=\"/Admin/Peringatan\\?mpp=35.17\">MPP Jombang</a>: 8 hari, Saran pengunjung, {app.OpenPeriod}</li>", before);
        Assert.DoesNotContain($"data-alert=\"{recent.Id}\"", before, StringComparison.Ordinal);
        Assert.Contains("<tr data-regency=\"35.17\">", before, StringComparison.Ordinal);

        using var head = await app.SignedInAsync(JombangHead);
        Assert.Equal(HttpStatusCode.Redirect, (await AcknowledgeAsync(head, old.Id, "Ditindaklanjuti oleh inspektorat")).StatusCode);

        var after = await ministry.GetStringAsync("/kementerian");
        Assert.DoesNotContain($"data-alert=\"{old.Id}\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_the_mail_server_is_down_the_alert_is_on_the_page_and_its_mails_go_once_when_the_server_is_back()
    {
        IntegrityAlert alert;
        await app.Smtp.StopAsync();
        try
        {
            alert = await RaiseAsync("SD55");
            // The queued job has tried and failed (a retry is scheduled) before the test runs it by hand.
            var monitoring = app.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
            for (var i = 0; i < 300 && monitoring.ScheduledCount() == 0; i++)
            {
                await Task.Delay(100);
            }
            Assert.Equal(1, monitoring.ScheduledCount());
            using (var admin = await app.SignedInAsync(JombangAdmin))
            {
                Assert.Contains($"data-alert=\"{alert.Id}\"", await admin.GetStringAsync("/Admin/Peringatan"), StringComparison.Ordinal);
            }
            await Assert.ThrowsAsync<MailNotSentException>(RunJobAsync);
            Assert.Null(Assert.Single(await app.AlertsOfAsync(alert.ResponseId)).NotifiedAt);
        }
        finally
        {
            await app.Smtp.StartAsync();
        }

        await RunJobAsync();
        await RunJobAsync();

        Assert.Equal([JombangHead, JombangAdmin], MailsWith("SD55").SelectMany(m => m.EnvelopeTo).Order());
        Assert.NotNull(Assert.Single(await app.AlertsOfAsync(alert.ResponseId)).NotifiedAt);
    }

    [Fact]
    public async Task An_alert_whose_mail_job_was_never_queued_is_mailed_once_by_the_sweep_and_a_second_sweep_sends_nothing()
    {
        // What a process stopped between the response's commit and the queueing leaves: the response
        // and its alert stored, no job. Written directly, after the other tests' jobs have finished.
        await app.WaitForJobsIdleAsync();
        IntegrityAlert alert;
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            var survey = await db.Surveys.SingleAsync(s => s.MallId == app.MallId && s.PeriodCode == app.OpenPeriod && s.TemplateVersion!.Template!.Code == "skm");
            var response = new Core.Responses.Response
            {
                Id = Guid.NewGuid(), SurveyId = survey.Id, MallId = app.MallId, AgencyId = app.AgencyId, ServiceId = app.ServiceId,
                TemplateVersionId = survey.TemplateVersionId, PeriodCode = app.OpenPeriod, Channel = Core.Responses.ResponseChannel.QrPhone,
                SubmittedAtLocal = DateTime.SpecifyKind(DateTime.UtcNow.AddHours(7).AddMinutes(-1), DateTimeKind.Unspecified), ReceivedAt = DateTimeOffset.UtcNow,
                Scores = Enumerable.Repeat((short?)3, 9).ToArray(), Suggestion = "Petugas loket SW31 minta uang rokok",
                Themes = Core.Themes.SuggestionTheme.Integrity,
            };
            alert = new IntegrityAlert
            {
                MallId = app.MallId, ResponseId = response.Id, PeriodCode = app.OpenPeriod, Reason = IntegrityAlertReason.Suggestion,
                RaisedAt = DateTimeOffset.UtcNow, MaskedText = response.Suggestion,
            };
            db.Responses.Add(response);
            db.IntegrityAlerts.Add(alert);
            await db.SaveChangesAsync();
        }
        await Task.Delay(300);
        Assert.Empty(MailsWith("SW31")); // nothing else sends it

        // The sweep is registered as a recurring job, on the configured schedule (never, in the test host).
        using (var connection = app.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection())
        {
            var sweep = Assert.Single(Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection), j => j.Id == Web.Hosting.RecurringSchedules.AlertSweep);
            Assert.Equal((Hangfire.Cron.Never(), nameof(IntegrityAlertMail.SweepAsync)), (sweep.Cron, sweep.Job.Method.Name));
        }

        Assert.Equal(2, await SweepAsync());
        Assert.Equal(0, await SweepAsync());

        Assert.Equal([JombangHead, JombangAdmin], MailsWith("SW31").SelectMany(m => m.EnvelopeTo).Order());
        Assert.Equal(new Uri(EmailFixture.Origin + "/Admin/Peringatan?mpp=35.17"), EmailFixture.LinkIn(MailsWith("SW31").Single(m => m.EnvelopeTo.Contains(JombangAdmin))));
        await using (var scope = app.Scope())
        {
            Assert.NotNull((await app.Db(scope).IntegrityAlerts.AsNoTracking().SingleAsync(a => a.Id == alert.Id)).NotifiedAt);
            Assert.Equal(2, await app.Db(scope).IntegrityAlertNotices.CountAsync(n => n.AlertId == alert.Id));
        }
    }

    /// <summary>The recurring sweep's method, run as Hangfire would run it: from the container, without a request.</summary>
    private async Task<int> SweepAsync()
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<IntegrityAlertMail>().SweepAsync(CancellationToken.None);
    }
}

using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.IntegrationTests.Public;
using MppSurvey.Web.Email;

namespace MppSurvey.IntegrationTests.Email;

/// <summary>
/// The notice that a period's results are published: mailed by a Hangfire job to the MPP's admins and
/// the regency's head (not to other MPPs, the ministry, disabled or not yet activated accounts), in
/// each one's language, with the public page's PublicOrigin link; once per person, however many
/// times the job runs, and once the mail server is back when it was down.
/// </summary>
public sealed class PublicationNoticeTests(PublicationNoticeTests.Fixture app) : IClassFixture<PublicationNoticeTests.Fixture>
{
    /// <summary>Jombang's 2025-S2 and 2026-S1 closed and computed, ready to publish; users of every kind.</summary>
    public sealed class Fixture : EmailFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            var db = Db(scope);
            var version = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
            var agency = new Agency { MallId = MallId, Name = "Dinas Kependudukan dan Pencatatan Sipil", ShortName = "Dukcapil" };
            agency.Services.Add(new Service { Name = "Kartu Keluarga" });
            db.Agencies.Add(agency);
            var other = new Mall { RegencyCode = "52.72", Name = "MPP Kota Bima" };
            db.Malls.Add(other);
            await db.SaveChangesAsync();
            foreach (var code in PublicResultsFixture.Periods)
            {
                if (!await db.Periods.AnyAsync(p => p.Code == code))
                {
                    db.Periods.Add(Period.Parse(code));
                }
                var survey = new Survey { MallId = MallId, TemplateVersionId = version.Id, PeriodCode = code, ClosedAt = DateTimeOffset.UtcNow.AddMinutes(-5) };
                db.Surveys.Add(survey);
                await db.SaveChangesAsync();
                for (var i = 0; i < 20; i++)
                {
                    db.Responses.Add(new Response
                    {
                        Id = Guid.NewGuid(), SurveyId = survey.Id, MallId = MallId, AgencyId = agency.Id, ServiceId = agency.Services[0].Id,
                        TemplateVersionId = version.Id, PeriodCode = code, Channel = ResponseChannel.Kiosk,
                        SubmittedAtLocal = Period.Parse(code).StartsOn.AddDays(i).ToDateTime(new TimeOnly(9, 0)), ReceivedAt = DateTimeOffset.UtcNow.AddMinutes(-10),
                        Scores = PublicResultsFixture.Answers(code, i),
                    });
                }
                await db.SaveChangesAsync();
            }
            await new RecomputeIndices(db).RunAsync(PublicResultsFixture.Periods);

            await CreateUserAsync("mpp.jombang@surel.test", Roles.MppAdmin, "id", "35.17", MallId, "Admin MPP Jombang");
            await CreateUserAsync("bupati.jombang@surel.test", Roles.RegionalHead, "en", "35.17", null, "Bupati Jombang");
            await CreateUserAsync("mpp.bima@surel.test", Roles.MppAdmin, "id", "52.72", other.Id);
            await CreateUserAsync("bupati.bima@surel.test", Roles.RegionalHead, "id", "52.72");
            await CreateUserAsync("deputi@surel.test", Roles.Ministry);
            await CreateUserAsync("nonaktif@surel.test", Roles.MppAdmin, "id", "35.17", MallId);
            await db.Users.Where(u => u.Email == "nonaktif@surel.test").ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, AccountDisabling.Until));
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var invited = new AppUser { UserName = "diundang@surel.test", Email = "diundang@surel.test", MallId = MallId, RegencyCode = "35.17", InvitedAt = DateTimeOffset.UtcNow, InvitedBy = Admin };
            Assert.True((await users.CreateAsync(invited)).Succeeded);
            Assert.True((await users.AddToRoleAsync(invited, Roles.MppAdmin)).Succeeded);
        }
    }

    private static readonly string[] Recipients = ["bupati.jombang@surel.test", "mpp.jombang@surel.test"];

    private IReadOnlyList<ReceivedMail> NoticesOf(string period) =>
        app.Smtp.Received.Where(m => m.Subject.Contains(period, StringComparison.Ordinal)).ToList();

    private async Task<int> RunJobAsync()
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<PublicationNoticeMail>().SendPendingAsync(EmailFixture.Origin, CancellationToken.None);
    }

    private async Task PublishAsync(string period)
    {
        var admin = await app.AdminFromElsewhereAsync();
        var publish = await PublicResultsFixture.PeriodActionAsync(admin, "Publish", "35.17", period);
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);
    }

    [Fact]
    public async Task Publishing_mails_the_MPPs_admins_and_the_regencys_head_once_each_in_their_language_even_when_the_job_runs_again()
    {
        await PublishAsync("2025-S2");

        var id = await app.Smtp.WaitForAsync("mpp.jombang@surel.test", m => m.Subject.Contains("2025-S2"));
        var en = await app.Smtp.WaitForAsync("bupati.jombang@surel.test", m => m.Subject.Contains("2025-S2"));
        Assert.Equal("Hasil SKM MPP Jombang periode 2025-S2 telah diumumkan", id.Subject);
        Assert.StartsWith("Yth. Admin MPP Jombang,", id.Text);
        Assert.Equal("SKM results of MPP Jombang for 2025-S2 are published", en.Subject);
        Assert.StartsWith("Dear Bupati Jombang,", en.Text);
        Assert.Equal(new Uri(EmailFixture.Origin + "/publik/35.17"), EmailFixture.LinkIn(id));
        Assert.Equal(new Uri(EmailFixture.Origin + "/publik/35.17"), EmailFixture.LinkIn(en));

        // The job again, twice at once and once more: every notice is marked sent, nothing goes twice.
        var again = await Task.WhenAll(RunJobAsync(), RunJobAsync());
        Assert.Equal([0, 0], again);
        Assert.Equal(0, await RunJobAsync());
        await Task.Delay(1000);
        Assert.Equal(Recipients, NoticesOf("2025-S2").SelectMany(m => m.EnvelopeTo).Order());
        await using var scope = app.Scope();
        var notices = await app.Db(scope).PublicationNotices.AsNoTracking().Where(n => n.PeriodCode == "2025-S2").ToListAsync();
        Assert.Equal(2, notices.Count);
        Assert.All(notices, n => Assert.NotNull(n.SentAt));
    }

    [Fact]
    public async Task Notices_not_sent_while_the_mail_server_is_down_are_sent_once_when_it_is_back()
    {
        await app.Smtp.StopAsync();
        try
        {
            await PublishAsync("2026-S1");
            // The queued job has tried and failed (a retry is scheduled) before the test runs it by hand.
            var monitoring = app.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
            for (var i = 0; i < 300 && monitoring.ScheduledCount() == 0; i++)
            {
                await Task.Delay(100);
            }
            Assert.Equal(1, monitoring.ScheduledCount());
            // Published all the same: the mail is not part of the publication.
            await using (var scope = app.Scope())
            {
                Assert.NotNull((await app.Db(scope).Surveys.AsNoTracking().SingleAsync(s => s.MallId == app.MallId && s.PeriodCode == "2026-S1")).PublishedAt);
            }
            await Assert.ThrowsAsync<MailNotSentException>(RunJobAsync);
            await using (var scope = app.Scope())
            {
                Assert.Equal(2, await app.Db(scope).PublicationNotices.CountAsync(n => n.PeriodCode == "2026-S1" && n.SentAt == null));
            }
        }
        finally
        {
            await app.Smtp.StartAsync();
        }

        await RunJobAsync();
        await RunJobAsync();

        Assert.Equal(Recipients, NoticesOf("2026-S1").SelectMany(m => m.EnvelopeTo).Order());
        await using (var scope = app.Scope())
        {
            Assert.Equal(0, await app.Db(scope).PublicationNotices.CountAsync(n => n.SentAt == null));
        }
    }
}

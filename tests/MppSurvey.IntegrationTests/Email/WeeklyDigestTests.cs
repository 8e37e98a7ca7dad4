using System.Text.RegularExpressions;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Email;
using MppSurvey.Web.Email;
using MppSurvey.Web.Hosting;

namespace MppSurvey.IntegrationTests.Email;

/// <summary>
/// The weekly digest (notices) against the real SMTP server: one mail per regional head and MPP admin
/// per week with the hand-worked figures of <see cref="DigestFixture"/>, in each one's language and
/// only of their own MPP; none for an opted-out, disabled, role-less, invited or ministry account; once
/// per week however often the job runs, at once, in a second app instance on the same database, or
/// after the mail server was down.
/// </summary>
public sealed partial class WeeklyDigestTests(DigestFixture app) : IClassFixture<DigestFixture>
{
    private IReadOnlyList<ReceivedMail> DigestsOf(string weekWords) =>
        app.Smtp.Received.Where(m => m.Subject.Contains(weekWords, StringComparison.Ordinal)).ToList();

    private static Task<WeeklyDigestMail.Outcome> RunAsync(IServiceProvider services)
    {
        var scope = services.CreateAsyncScope();
        return Run();

        async Task<WeeklyDigestMail.Outcome> Run()
        {
            await using (scope)
            {
                return await scope.ServiceProvider.GetRequiredService<WeeklyDigestMail>().RunAsync(CancellationToken.None);
            }
        }
    }

    [GeneratedRegex(@"https?://[^\s""<>]+")]
    private static partial Regex LinkPattern();

    private static List<string> Links(ReceivedMail mail) => LinkPattern().Matches(mail.Text).Select(m => m.Value).Distinct().ToList();

    [Fact]
    public async Task Each_regional_head_and_MPP_admin_gets_one_digest_a_week_with_their_own_MPPs_figures_even_across_runs_and_a_second_instance()
    {
        var outcome = await RunAsync(app.Services);

        Assert.Equal(new WeeklyDigestMail.Outcome(3, 3, 0, 0), outcome);
        var digests = DigestsOf("23 November 2026");
        Assert.Equal(DigestFixture.Recipients, digests.SelectMany(m => m.EnvelopeTo).Order());

        var id = Assert.Single(digests, m => m.EnvelopeTo.Contains(DigestFixture.MppJombang));
        Assert.Equal("Ringkasan mingguan SKM MPP Jombang, 23 November 2026 – 29 November 2026", id.Subject);
        Assert.StartsWith("Yth. Admin MPP Jombang,", id.Text);
        Assert.Contains("untuk minggu Senin 23 November 2026 sampai Minggu 29 November 2026 (waktu WIB).", id.Text);
        Assert.Contains("- Minggu ini: 7 tanggapan SKM.", id.Text);
        Assert.Contains("- Periode 2026-S2 sampai akhir minggu ini: 41 dari target 52 tanggapan (Krejcie & Morgan, untuk 57 pengguna layanan).", id.Text);
        Assert.Contains("- 77,50 (selang kepercayaan 95%: 74,10 – 80,90) dari 40 responden, dihitung 30 Nov 2026 01.30 WIB;", id.Text);
        Assert.Contains("Peringatan integritas baru minggu ini: 2\n", id.Text);
        Assert.Contains("- «Petugas minta uang rokok, hubungi saya [disamarkan]»\n- «Ada calo di depan loket»\n", id.Text);
        Assert.DoesNotContain("3456", id.Text);
        Assert.DoesNotContain("teks-minggu-lalu", id.Text);
        Assert.DoesNotContain("teks-minggu-depan", id.Text);
        Assert.Contains("- Antrean: 1 → 4 saran\n- Pujian: 2 → 3 saran\n\n", id.Text);
        Assert.DoesNotContain("Parkir", id.Text);
        Assert.DoesNotContain("Toilet", id.Text);
        Assert.Contains("Anda menerima ringkasan ini sebagai Admin MPP untuk MPP Jombang.", id.Text);
        Assert.Contains("77,50 (selang kepercayaan 95%: 74,10 – 80,90)", System.Net.WebUtility.HtmlDecode(id.Html));

        var links = Links(id);
        Assert.Equal(EmailFixture.Origin + "/dasbor/35.17", links[0]);
        Assert.StartsWith(EmailFixture.Origin + "/Account/BerhentiBerlangganan?token=", links[1], StringComparison.Ordinal);
        Assert.Equal(EmailFixture.Origin + "/Account/Pengaturan", links[2]);
        Assert.Equal($"<{links[1]}>", id.Message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", id.Message.Headers["List-Unsubscribe-Post"]);

        var en = Assert.Single(digests, m => m.EnvelopeTo.Contains(DigestFixture.BupatiJombang));
        Assert.Equal("Weekly SKM digest of MPP Jombang, 23 November 2026 – 29 November 2026", en.Subject);
        Assert.Contains("- This week: 7 SKM responses.", en.Text);
        Assert.Contains("- Period 2026-S2 up to the end of this week: 41 of a target of 52 responses (Krejcie & Morgan, for 57 service users).", en.Text);
        Assert.Contains("- 77.50 (95% confidence interval: 74.10 – 80.90) from 40 respondents, computed 30 Nov 2026 01:30 WIB;", en.Text);
        Assert.Contains("- Queue: 1 → 4 suggestions\n- Praise: 2 → 3 suggestions\n", en.Text);
        Assert.Contains("You receive this digest as Regional head for MPP Jombang.", en.Text);
        Assert.Equal(EmailFixture.Origin + "/dasbor/35.17?culture=en", Links(en)[0]);

        // Bima's head gets Bima's week, never Jombang's.
        var bima = Assert.Single(digests, m => m.EnvelopeTo.Contains(DigestFixture.BupatiBima));
        Assert.Equal("Ringkasan mingguan SKM MPP Kota Bima, 23 November 2026 – 29 November 2026", bima.Subject);
        Assert.Contains("- Minggu ini: 3 tanggapan SKM.", bima.Text);
        Assert.Contains("- Periode 2026-S2 sampai akhir minggu ini: 3 tanggapan (target belum dapat dihitung", bima.Text);
        Assert.Contains("- Indeks periode 2026-S2 belum dihitung.", bima.Text);
        Assert.Contains("Peringatan integritas baru minggu ini: 1\n- «pungli di Bima»", bima.Text);
        Assert.Contains("- Antrean: 0 → 3 saran", bima.Text);
        Assert.Equal(EmailFixture.Origin + "/dasbor/52.72", Links(bima)[0]);
        // The links carry a random unsubscribe token, which may hold any digits: look at the words only.
        var bimaWords = System.Text.RegularExpressions.Regex.Replace(bima.Text, @"https?://\S+", "");
        foreach (var leak in new[] { "Jombang", "77,50", "41", "calo", "35.17" })
        {
            Assert.DoesNotContain(leak, bimaWords, StringComparison.Ordinal);
        }

        // Again: twice at once, then once more; nothing new is owed or sent.
        var again = await Task.WhenAll(RunAsync(app.Services), RunAsync(app.Services));
        Assert.All(again, o => Assert.Equal(0, o.Sent));
        Assert.Equal(0, (await RunAsync(app.Services)).Sent);

        // A second instance on the same database (a restart, or a second node), its recurring job triggered through Hangfire.
        await using (var second = app.WithWebHostBuilder(_ => { }))
        {
            var monitoring = second.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
            // Other jobs (a start-up's own) may succeed meanwhile: count the digest's runs only.
            long DigestRuns() => monitoring.SucceededJobs(0, 1000).Count(j => j.Value.Job?.Type == typeof(WeeklyDigestMail));
            var succeeded = DigestRuns();
            second.Services.GetRequiredService<IRecurringJobManager>().Trigger(RecurringSchedules.WeeklyDigest);
            for (var i = 0; i < 300 && DigestRuns() == succeeded; i++)
            {
                await Task.Delay(100);
            }
            Assert.Equal(succeeded + 1, DigestRuns());
            Assert.Equal(0, (await RunAsync(second.Services)).Sent);
        }
        await Task.Delay(500);
        Assert.Equal(3, DigestsOf("23 November 2026").Count);
        await using var scope = app.Scope();
        var sends = await app.Db(scope).DigestSends.AsNoTracking().Where(d => d.WeekStart == DigestFixture.Week).ToListAsync();
        Assert.Equal(3, sends.Count);
        Assert.All(sends, s => Assert.Equal(DigestFixture.Monday, s.SentAt));
    }

    [Fact]
    public async Task Digests_not_sent_while_the_mail_server_is_down_are_marked_unsent_and_sent_once_by_the_next_run()
    {
        // The week after: Monday 7 December 2026, 07:00 WIB.
        app.Clock.At = DigestFixture.Monday.AddDays(7);
        try
        {
            await app.Smtp.StopAsync();
            try
            {
                await Assert.ThrowsAsync<MailNotSentException>(() => RunAsync(app.Services));
                await using var scope = app.Scope();
                var owed = await app.Db(scope).DigestSends.AsNoTracking().Where(d => d.WeekStart == DigestFixture.Week.AddDays(7)).ToListAsync();
                Assert.Equal(3, owed.Count);
                Assert.All(owed, d => Assert.Null(d.SentAt));
            }
            finally
            {
                await app.Smtp.StartAsync();
            }

            var retry = await RunAsync(app.Services);
            Assert.Equal(3, retry.Sent);
            Assert.Equal(0, (await RunAsync(app.Services)).Sent);
            Assert.Equal(DigestFixture.Recipients, DigestsOf("30 November 2026 – 6 ").SelectMany(m => m.EnvelopeTo).Order());
            Assert.Contains("- Minggu ini: 1 tanggapan SKM.", app.Smtp.To(DigestFixture.MppJombang).Single(m => m.Subject.Contains("6 Desember 2026", StringComparison.Ordinal)).Text);
        }
        finally
        {
            app.Clock.At = DigestFixture.Monday;
        }
    }

    [Fact]
    public async Task A_recipient_who_opts_out_after_the_digest_is_owed_is_skipped_and_not_sent()
    {
        // A week no other test uses: the digests are owed, then one recipient turns it off before the send.
        app.Clock.At = DigestFixture.Monday.AddDays(21);
        try
        {
            await using (var scope = app.Scope())
            {
                var db = app.Db(scope);
                var week = DigestFixture.Week.AddDays(21);
                foreach (var userId in await db.Users.Where(u => DigestFixture.Recipients.Contains(u.Email!)).Select(u => u.Id).ToListAsync())
                {
                    db.DigestSends.Add(new DigestSend { UserId = userId, WeekStart = week, CreatedAt = app.Clock.At });
                }
                await db.SaveChangesAsync();
                var id = await db.Users.Where(u => u.Email == DigestFixture.BupatiBima).Select(u => u.Id).SingleAsync();
                await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.WeeklyDigest, false));
                try
                {
                    var outcome = await RunAsync(app.Services);
                    Assert.Equal(new WeeklyDigestMail.Outcome(2, 2, 1, 0), outcome);
                    Assert.DoesNotContain(app.Smtp.To(DigestFixture.BupatiBima), m => m.Subject.Contains("14 Desember 2026", StringComparison.Ordinal));
                    Assert.Equal(2, DigestsOf("14 Desember 2026").Count + DigestsOf("14 December 2026").Count);
                    Assert.False(await db.DigestSends.AnyAsync(d => d.UserId == id && d.WeekStart == week));
                }
                finally
                {
                    await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.WeeklyDigest, true));
                }
            }
        }
        finally
        {
            app.Clock.At = DigestFixture.Monday;
        }
    }
}

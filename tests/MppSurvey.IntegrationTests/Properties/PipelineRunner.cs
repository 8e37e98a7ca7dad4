using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Reporting;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Properties;

/// <summary>What one step got back. <see cref="Failure"/> is set when the step itself broke an invariant (a 5xx, a failed job).</summary>
public sealed record StepOutcome(Step Step, string Request, int Status, string? MediaType, string? Failure);

/// <summary>Runs a generated sequence against the app: each <see cref="Post"/> as a client would send it, each admin step through <see cref="AdminPages"/>.</summary>
public sealed class PipelineRunner(PipelineFixture app, HttpClient client, AdminPages admin)
{
    public static async Task<PipelineRunner> CreateAsync(PipelineFixture app) =>
        new(app, LoginClient.Anonymous(app), await AdminPages.SignInAsync(app));

    public static Guid IdOf(int index) => Guid.Parse($"00000000-0000-4000-8000-{index + 1:D12}");

    public async Task<List<StepOutcome>> RunAsync(IReadOnlyList<Step> steps)
    {
        var outcomes = new List<StepOutcome>(steps.Count);
        foreach (var step in steps)
        {
            outcomes.Add(step switch
            {
                Post p => await PostAsync(p),
                _ => await AdminAsync(step),
            });
        }
        return outcomes;
    }

    private static (string? Text, DateTimeOffset? Instant) Time(TimeRef time, TimeSpan offset, PipelineFixture app)
    {
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset Local(DateOnly day, TimeOnly at) => new(day.ToDateTime(at), offset);
        static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        (string?, DateTimeOffset?) At(DateTimeOffset t) => (Iso(t), t);
        return time switch
        {
            TimeRef.NowMinus1m => At(now.AddMinutes(-1).ToOffset(offset)),
            TimeRef.NowPlus9m => At(now.AddMinutes(9).ToOffset(offset)),
            TimeRef.NowPlus11m => At(now.AddMinutes(11).ToOffset(offset)),
            TimeRef.OpenStart => At(Local(app.Open.StartsOn, TimeOnly.MinValue)),
            TimeRef.OpenStartMinus1s => At(Local(app.Open.StartsOn, TimeOnly.MinValue).AddSeconds(-1)),
            TimeRef.MidPrevious => At(Local(app.Previous.StartsOn.AddDays(40), new TimeOnly(12, 0))),
            TimeRef.MidOld => At(Local(app.Old.StartsOn.AddDays(40), new TimeOnly(12, 0))),
            TimeRef.UtcZ => (now.AddMinutes(-2).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), now.AddMinutes(-2)),
            TimeRef.OffsetPlus14 => At(now.AddMinutes(-3).ToOffset(TimeSpan.FromHours(14))),
            TimeRef.OffsetMinus12 => At(now.AddMinutes(-3).ToOffset(TimeSpan.FromHours(-12))),
            TimeRef.SevenDigitFraction => (now.AddMinutes(-1).ToOffset(offset).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture), now.AddMinutes(-1)),
            TimeRef.NoOffset => (now.AddMinutes(-1).ToOffset(offset).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), null),
            TimeRef.Garbage => ("kemarin sore", null),
            TimeRef.DateOnly => (now.ToOffset(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null),
            TimeRef.Year9999 => ("9999-12-31T23:59:00Z", null),
            TimeRef.Year0001 => ("0001-01-01T00:00:00Z", null),
            TimeRef.Year0999 => ("0999-06-01T10:00:00+07:00", null),
            _ => (null, null),
        };
    }

    private async Task<StepOutcome> PostAsync(Post p)
    {
        var mall = app.MallOf(p.Mall);
        var offset = mall?.Offset ?? TimeSpan.FromHours(7);
        var (submitted, instant) = Time(p.SubmittedAt, offset, app);
        var basis = instant ?? DateTimeOffset.UtcNow;
        string? started = p.StartedAt switch
        {
            StartRef.ThreeSecondsBefore => basis.AddSeconds(-3).ToString("O", CultureInfo.InvariantCulture),
            StartRef.TenMinutesBefore => basis.AddMinutes(-10).ToString("O", CultureInfo.InvariantCulture),
            StartRef.AfterSubmitted => basis.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture),
            StartRef.Garbage => "2026-02-30T10:00:00+07:00",
            _ => null,
        };
        var context = new RequestBodies.Context(p.Id < 0 ? null : IdOf(p.Id), mall?.Regency ?? "99.99",
            app.AgencyId(p.Mall, p.Agency, p.Service), app.ServiceId(p.Mall, p.Service), submitted, started);
        var json = RequestBodies.Json(p, context);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/responses")
        {
            Content = new StringContent(json, Encoding.UTF8, p.Shape == BodyShape.WrongContentType ? "text/plain" : "application/json"),
        };
        var token = p.Channel switch
        {
            ChannelRef.Kiosk => (mall ?? app.Malls[0]).KioskToken,
            ChannelRef.KioskOfOtherMall => app.OtherMall(p.Mall).KioskToken,
            _ => null,
        };
        if (token is not null)
        {
            request.Headers.Add("X-Kiosk-Token", token);
        }
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("id"));
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        string? failure = null;
        if (status >= 500)
        {
            failure = $"{status} for POST /api/v1/responses: {Truncate(await response.Content.ReadAsStringAsync())}";
        }
        else if (status >= 400 && mediaType != "application/problem+json")
        {
            failure = $"{status} answered as {mediaType}, not problem+json";
        }
        return new StepOutcome(p, Truncate(json, 400), status, mediaType, failure);
    }

    private async Task<StepOutcome> AdminAsync(Step step)
    {
        HttpResponseMessage response;
        string request;
        string? failure = null;
        switch (step)
        {
            case Close c:
                request = $"close {Regency(c.Mall)} {app.PeriodCode(c.Period)}";
                response = await admin.CloseAsync(Regency(c.Mall), app.PeriodCode(c.Period));
                if ((int)response.StatusCode is >= 300 and < 400)
                {
                    // The page ran the index job itself; Hangfire would now run the workbooks it enqueued.
                    failure = await WorkbooksAsync([app.PeriodCode(c.Period)]);
                }
                break;
            case Publish p:
                request = $"publish {Regency(p.Mall)} {app.PeriodCode(p.Period)}";
                response = await admin.PublishAsync(Regency(p.Mall), app.PeriodCode(p.Period));
                break;
            case Import i:
                var csv = Csv(i.Rows);
                request = $"import {Regency(i.Mall)} {app.PeriodCode(i.Period)}: {csv.Replace('\n', '|')}";
                response = await admin.ImportAsync(Regency(i.Mall), app.PeriodCode(i.Period), app.ServiceId(i.Mall, i.Service), csv,
                    "riwayat.csv");
                break;
            case SetServiceActive s:
                var serviceId = app.ServiceId(s.Mall, s.Service);
                request = $"service {serviceId} active={s.Active}";
                if (serviceId is null || await ServiceIsActiveAsync(serviceId.Value) is not bool current || current == s.Active)
                {
                    return new StepOutcome(step, request + " (no change)", 0, null, null);
                }
                response = await admin.SetServiceActiveAsync(Regency(s.Mall), serviceId.Value, s.Active);
                break;
            case NewTemplateVersion:
                int latest;
                await using (var scope = app.Scope())
                {
                    latest = await app.Db(scope).SurveyTemplateVersions.Where(v => v.Template!.Code == "skm")
                        .OrderByDescending(v => v.Version).Select(v => v.Id).FirstAsync();
                }
                request = $"new skm version from {latest}";
                var (draft, publish) = await admin.NewTemplateVersionAsync(latest);
                response = publish ?? draft;
                if (publish is not null)
                {
                    draft.Dispose();
                }
                break;
            case RunIndexJob r:
                var period = r.Period is PeriodRef pr ? app.PeriodCode(pr) : null;
                request = $"index job {period ?? "(open periods)"}";
                response = await admin.RunIndexJobAsync(period);
                if ((int)response.StatusCode is >= 300 and < 400)
                {
                    failure = await IndexJobAsync(period is null ? null : [period]);
                }
                break;
            default:
                throw new InvalidOperationException($"Unknown step {step}");
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                failure = $"{status} for {request}";
            }
            return new StepOutcome(step, request, status, response.Content.Headers.ContentType?.MediaType, failure);
        }
    }

    private string Regency(MallRef mall) => app.MallOf(mall)?.Regency ?? "99.99";

    private static string Csv(string rows)
    {
        var b = new StringBuilder("No;U1;U2;U3;U4;U5;U6;U7;U8;U9\n");
        var n = 0;
        foreach (var row in rows.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            b.Append((++n).ToString(CultureInfo.InvariantCulture));
            foreach (var cell in row.PadRight(9, '-')[..9])
            {
                b.Append(';').Append(cell == '-' ? "" : cell.ToString());
            }
            b.Append('\n');
        }
        return b.ToString();
    }

    private async Task<bool?> ServiceIsActiveAsync(int id)
    {
        await using var scope = app.Scope();
        return await app.Db(scope).Services.Where(s => s.Id == id).Select(s => (bool?)s.IsActive).FirstOrDefaultAsync();
    }

    /// <summary>The index job as the Hangfire worker runs it (null: every period with a change since its computation), then the workbooks it enqueues. Null when both succeed for every MPP.</summary>
    public async Task<string?> IndexJobAsync(string[]? periods)
    {
        IReadOnlyList<string> computed;
        await using (var scope = app.Scope())
        {
            computed = periods ?? await new RecomputeIndices(app.Db(scope)).PendingPeriodsAsync();
        }
        try
        {
            await app.Services.GetRequiredService<IndexJob>().RunAsync(periods, includeFlagged: false, CancellationToken.None);
        }
        catch (Exception e)
        {
            return $"index job ({string.Join(",", computed)}) failed: {e.GetType().Name}: {e.Message}";
        }
        // One failing MPP no longer throws: the run record says which units failed.
        await using (var scope = app.Scope())
        {
            var run = await IndexJob.LatestAsync(app.Db(scope));
            if (run is not null && run.Status != JobRunStatus.Succeeded)
            {
                return $"index job ({string.Join(",", computed)}) ended {run.Status}: {run.Message}";
            }
        }
        return await WorkbooksAsync(computed.ToArray());
    }

    private async Task<string?> WorkbooksAsync(string[] periods)
    {
        try
        {
            await using var scope = app.Scope();
            await scope.ServiceProvider.GetRequiredService<WorkbookJob>().RunAsync(periods);
            return null;
        }
        catch (Exception e)
        {
            return $"workbook job ({string.Join(",", periods)}) failed: {e.GetType().Name}: {e.Message}";
        }
    }

    public static string Truncate(string s, int max = 600) => s.Length <= max ? s : s[..max] + "…";
}

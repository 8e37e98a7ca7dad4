using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Telemetry;
using MppSurvey.IntegrationTests.Api;

namespace MppSurvey.IntegrationTests.Logging;

/// <summary>
/// The Meter "MppSurvey" as a collector (or dotnet-counters) sees it: accepted responses by channel,
/// refusals by reason, job durations by job, and the queue of (period, MPP) units waiting for the index run.
/// Only this host's instruments are listened to (the meter factory is per host).
/// </summary>
public sealed class SurveyMetricsTests(LoggingFixture app) : IClassFixture<LoggingFixture>, IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string> Tags)> _seen = new();

    private void Listen()
    {
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SurveyMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, string>();
        foreach (var tag in tags)
        {
            map[tag.Key] = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }
        _seen.Enqueue((instrument.Name, value, map));
    }

    private double Sum(string instrument, params (string Key, string Value)[] tags) =>
        _seen.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.GetValueOrDefault(t.Key) == t.Value)).Sum(m => m.Value);

    [Fact]
    public async Task Accepted_and_refused_counters_move_by_channel_and_by_reason()
    {
        Listen();
        var client = app.CreateClient();
        var body = ApiCalls.ValidBody(app);

        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ApiCalls.PostAsync(client, body)).StatusCode);
        var officer = ApiCalls.ValidBody(app);
        officer["channel"] = "officer";
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, officer)).StatusCode);
        var kiosk = ApiCalls.ValidBody(app);
        kiosk["channel"] = "kiosk";
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, kiosk, app.KioskToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiCalls.PostAsync(client, kiosk, app.RevokedKioskToken)).StatusCode);
        var bad = ApiCalls.ValidBody(app);
        bad["answers"]!["U1"] = 9;
        Assert.Equal(HttpStatusCode.BadRequest, (await ApiCalls.PostAsync(client, bad)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ApiCalls.PostAsync(client, bad)).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await ApiCalls.PostRawAsync(client, "{}", mediaType: "text/plain")).StatusCode);

        const string accepted = "mppsurvey.responses.accepted";
        const string refused = "mppsurvey.responses.refused";
        Assert.Equal(1, Sum(accepted, ("channel", "qr"), ("outcome", "stored")));
        Assert.Equal(1, Sum(accepted, ("channel", "qr"), ("outcome", "replay")));
        Assert.Equal(1, Sum(accepted, ("channel", "officer")));
        Assert.Equal(1, Sum(accepted, ("channel", "kiosk")));
        Assert.Equal(4, Sum(accepted));
        Assert.Equal(2, Sum(refused, ("reason", "invalid"), ("status", "400")));
        Assert.Equal(1, Sum(refused, ("reason", "kiosk_token_refused"), ("status", "401")));
        Assert.Equal(1, Sum(refused, ("reason", "unsupported_media_type"), ("status", "415")));
        Assert.Equal(4, Sum(refused));
    }

    [Fact]
    public async Task A_job_run_records_its_duration_by_job_and_the_queue_gauge_reports_the_waiting_units()
    {
        Listen();
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(app.CreateClient(), ApiCalls.ValidBody(app))).StatusCode);

        // The gauge answers from a reading it refreshes in the background; the first scrape starts it.
        long waiting;
        await using (var scope = app.Scope())
        {
            waiting = await app.Db(scope).Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM index_dirty").SingleAsync();
        }
        // Any listener in the process (another test host's OpenTelemetry) may have had the last reading taken before the response.
        app.Services.GetRequiredService<IndexQueueGauge>().Expire();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!_seen.Any(m => m.Instrument == "mppsurvey.index.pending" && m.Value >= 1) && DateTime.UtcNow < until)
        {
            _listener.RecordObservableInstruments();
            await Task.Delay(50);
        }
        Assert.True(waiting >= 1);
        Assert.Equal(waiting, _seen.Last(m => m.Instrument == "mppsurvey.index.pending").Value);

        await app.Services.GetRequiredService<IndexJob>().RunAsync([app.OpenPeriod], false, CancellationToken.None);

        var run = Assert.Single(_seen, m => m.Instrument == "mppsurvey.job.duration" && m.Tags["job"] == "index");
        Assert.Equal("succeeded", run.Tags["outcome"]);
        Assert.InRange(run.Value, 0, 60);
    }

    public void Dispose() => _listener.Dispose();
}

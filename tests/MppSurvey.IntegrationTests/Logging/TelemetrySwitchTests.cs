using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Infrastructure;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MppSurvey.IntegrationTests.Logging;

/// <summary>OpenTelemetry is off unless Telemetry:Otlp:Endpoint is set; on, a collector that is not there breaks nothing.</summary>
public sealed class TelemetrySwitchTests(TelemetrySwitchTests.ExportingFixture exporting) : IClassFixture<TelemetrySwitchTests.ExportingFixture>
{
    /// <summary>The response API's MPP with OTLP export on, to a loopback port nothing listens on.</summary>
    public sealed class ExportingFixture : ApiFixture
    {
        public static readonly int DeadPort = UnusedPort();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Telemetry:Otlp:Endpoint", $"http://127.0.0.1:{DeadPort}");
            CapturedLog.AddTo(builder);
        }

        private static int UnusedPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }

    /// <summary>A host without the setting, as every test host and a default installation run.</summary>
    public sealed class QuietFixture : AppFixture;

    [Fact]
    public async Task Without_an_endpoint_no_OpenTelemetry_provider_is_registered()
    {
        var quiet = new QuietFixture();
        await ((IAsyncLifetime)quiet).InitializeAsync();
        try
        {
            Assert.Null(quiet.Services.GetService<TracerProvider>());
            Assert.Null(quiet.Services.GetService<MeterProvider>());
            Assert.Equal(HttpStatusCode.OK, (await quiet.CreateClient().GetAsync("/healthz")).StatusCode);
        }
        finally
        {
            await ((IAsyncLifetime)quiet).DisposeAsync();
        }
    }

    [Fact]
    public async Task With_an_endpoint_the_app_starts_exports_and_answers_while_the_collector_is_missing()
    {
        Assert.NotNull(exporting.Services.GetService<TracerProvider>());
        Assert.NotNull(exporting.Services.GetService<MeterProvider>());
        var client = exporting.CreateClient();

        var created = await ApiCalls.PostAsync(client, ApiCalls.ValidBody(exporting));
        // Export is batched in the background: flushing now fails against the dead port, and the next request does not notice.
        exporting.Services.GetRequiredService<TracerProvider>().ForceFlush(2000);
        var again = await ApiCalls.PostAsync(client, ApiCalls.ValidBody(exporting));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var on = Assert.Single(CapturedLog.Of(exporting.Services).Events(6000));
        Assert.Equal($"http://127.0.0.1:{ExportingFixture.DeadPort}", CapturedLog.State(on.Json, "Endpoint"));
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("ftp://collector.example:4317")]
    [InlineData("/v1/traces")]
    public async Task A_bad_endpoint_stops_start_up_with_one_sentence_naming_the_setting(string endpoint)
    {
        var (exit, output) = await Startup.StartupFailureTests.RunAppAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // Never reached: the setting is checked while the host is built, before any connection.
            ["ConnectionStrings__MppSurvey"] = "Host=127.0.0.1;Port=9;Database=mppsurvey;Username=postgres;Timeout=2",
            ["Telemetry__Otlp__Endpoint"] = endpoint,
        });

        Assert.Equal(1, exit);
        Assert.Equal(
            "MppSurvey cannot start: Telemetry:Otlp:Endpoint must be an absolute http:// or https:// address of an OpenTelemetry collector, such as http://127.0.0.1:4317, or be left empty to switch OpenTelemetry off.",
            output.Trim());
    }
}

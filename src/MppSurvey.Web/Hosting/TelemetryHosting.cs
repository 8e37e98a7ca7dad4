using System.Diagnostics;
using MppSurvey.Core.Database;
using MppSurvey.Core.Telemetry;
using MppSurvey.Web.Api;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// Logs, metrics and traces for the IT office (capability: operations).
/// Logs: the console, as JSON lines outside Development (appsettings.json, Logging:Console:FormatterName
/// "json", UTC timestamps, scopes), readable text in Development; every line written during a request
/// carries the request's correlation id (a log scope, the id of X-Correlation-Id and the error page),
/// and every line of a background job run the run's own (<see cref="JobRunScope"/>).
/// Metrics: the Meter "MppSurvey" (<see cref="SurveyMetrics"/>, <see cref="IndexQueueGauge"/>), always
/// there for dotnet-counters. OpenTelemetry: off unless Telemetry:Otlp:Endpoint is set; then traces
/// (ASP.NET Core, Npgsql, job runs) and metrics (ours, ASP.NET Core, Npgsql) go to that OTLP endpoint
/// (Telemetry:Otlp:Protocol grpc, the default, or http/protobuf). An export that fails is retried and
/// dropped by the exporter in the background; requests never wait for it.
/// </summary>
public static class TelemetryHosting
{
    public const string EndpointSetting = "Telemetry:Otlp:Endpoint";
    public const string ProtocolSetting = "Telemetry:Otlp:Protocol";
    public const string ServiceName = "MppSurvey";

    private static readonly Func<ILogger, string, IDisposable?> RequestScope = LoggerMessage.DefineScope<string>("Request {CorrelationId}");

    public static WebApplicationBuilder AddMppSurveyTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<SurveyMetrics>();
        services.AddSingleton<IndexQueueGauge>();
        services.AddSingleton<ResponseEvents>();
        services.AddTransient<IStartupFilter, CorrelationScope>();

        if (OtlpEndpoint(builder.Configuration) is not { } endpoint)
        {
            return builder;
        }
        var protocol = OtlpProtocol(builder.Configuration);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceVersion: typeof(TelemetryHosting).Assembly.GetName().Version?.ToString()))
            .WithTracing(t => t
                // A span without a parent that is a database call is Hangfire polling its queue (every second):
                // noise. Requests and job runs are roots of their own, and their database calls are kept.
                .SetSampler(new ParentBasedSampler(new NoRootDatabaseCalls()))
                .AddSource(SurveyMetrics.MeterName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http =>
                    // The health probes answer every few seconds and would drown the requests worth seeing.
                    !http.Request.Path.StartsWithSegments("/healthz") && !http.Request.Path.StartsWithSegments("/ready"))
                .AddNpgsql())
            .WithMetrics(m => m
                .AddMeter(SurveyMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddNpgsqlInstrumentation())
            .UseOtlpExporter(protocol, endpoint);
        services.AddHostedService(sp => new ExportAnnouncement(sp.GetRequiredService<ILogger<ExportAnnouncement>>(), endpoint, protocol));
        return builder;
    }

    /// <summary>The configured OTLP endpoint; null (OpenTelemetry off) when unset or blank.</summary>
    public static Uri? OtlpEndpoint(IConfiguration configuration)
    {
        var value = configuration[EndpointSetting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            // The value is not repeated: an endpoint can carry credentials.
            throw new StartupException($"{EndpointSetting} must be an absolute http:// or https:// address of an OpenTelemetry collector, such as http://127.0.0.1:4317, or be left empty to switch OpenTelemetry off.");
        }
        return uri;
    }

    private static OtlpExportProtocol OtlpProtocol(IConfiguration configuration) =>
        configuration[ProtocolSetting]?.Trim().ToLowerInvariant() switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new StartupException($"{ProtocolSetting} must be grpc (the default, port 4317) or http/protobuf (port 4318)."),
        };

    /// <summary>First in the pipeline: every line logged while the request runs carries its correlation id.</summary>
    private sealed class CorrelationScope(ILoggerFactory loggers) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // Scopes are shared by every logger of the factory: one logger opens it for all.
            var logger = loggers.CreateLogger("MppSurvey.Web.Hosting.CorrelationId");
            app.Use(async (context, nextMiddleware) =>
            {
                using (RequestScope(logger, CorrelationId.Of(context)))
                {
                    await nextMiddleware(context);
                }
            });
            // The gauges exist from the start, not from the first response.
            app.ApplicationServices.GetRequiredService<IndexQueueGauge>();
            next(app);
        };
    }

    private sealed class NoRootDatabaseCalls : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            new(samplingParameters.Kind == ActivityKind.Client ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
    }

    private sealed class ExportAnnouncement(ILogger<ExportAnnouncement> logger, Uri endpoint, OtlpExportProtocol protocol) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            TelemetryLog.ExportOn(logger, $"{endpoint.Scheme}://{endpoint.Host}:{endpoint.Port}", protocol);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Telemetry's own events (capability: operations), event ids 6000-6099.</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 6000, EventName = "TelemetryExportOn", Level = LogLevel.Information,
        Message = "OpenTelemetry on: traces and metrics are exported to {Endpoint} ({Protocol})")]
    public static partial void ExportOn(ILogger logger, string endpoint, OtlpExportProtocol protocol);
}

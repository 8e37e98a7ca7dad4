using Microsoft.AspNetCore.Mvc.DataAnnotations;
using MppSurvey.Core.Database;
using MppSurvey.Core.Demo;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Scoring;
using MppSurvey.Web;
using MppSurvey.Web.Api;
using MppSurvey.Web.Email;
using MppSurvey.Web.Hosting;
using MppSurvey.Web.Pages.Admin;
using MppSurvey.Web.Reports;

// `./run score FILE` scores a spreadsheet with no database and no web server.
if (args is ["score", ..])
{
    return ScoreTool.Run(args[1..], Console.Out, Console.Error);
}

PrivatePostgres? privateServer = null;
// Cancelled when the service is told to stop (SIGTERM, Ctrl+C); set once the host exists.
var stopping = CancellationToken.None;
try
{
    var builder = WebApplication.CreateBuilder(args);
    // A start-up failure is reported once, by the catch below, as a sentence; the host would
    // otherwise log it again with a stack trace.
    builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
    var connectionString = DatabaseHosting.ResolveConnectionString(builder, out privateServer);

    // JSON logs with correlation ids, the MppSurvey meter, and OpenTelemetry when Telemetry:Otlp:Endpoint is set.
    builder.AddMppSurveyTelemetry();
    builder.Services.AddMppSurveyDatabase(connectionString);
    // Registered before Identity's data protection, whose hosted service reads the key ring (a table
    // in the database) at start-up: hosted services start in registration order, so the database is
    // reached, checked and migrated first, and an unreachable one ends start-up with one sentence
    // instead of the key ring's stack traces.
    builder.Services.AddHostedService<DatabaseStartup>();
    builder.Services.AddHostedService<IngestCatalogListener>();
    builder.Services.AddMppSurveyIdentity(builder.Configuration);
    builder.Services.AddMppSurveyLocalization();
    builder.Services.AddScoped<DatabasePreparer>();
    builder.Services.AddScoped<DemoSeeder>();
    builder.Services.AddScoped<ResponseRecorder>();
    // Group commit of accepted responses, one writer per database; disposed (drained) when the host stops, after Kestrel.
    builder.Services.AddSettings<ResponseBatchOptions>(ResponseBatchOptions.Section, (o, check) =>
    {
        check.AtLeast(nameof(o.MaxRows), o.MaxRows, 1);
        check.Between(nameof(o.MaxWaitMilliseconds), o.MaxWaitMilliseconds, 0, 1000);
    });
    builder.Services.AddSingleton(sp => ResponseBatchWriter.For(connectionString,
        sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ResponseBatchOptions>>().Value, sp.GetRequiredService<ILogger<ResponseBatchWriter>>()));
    builder.Services.AddScoped<HistoricImporter>();
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddMppSurveyJobs(connectionString, builder.Configuration);
    builder.Services.AddMppSurveyApi();
    builder.Services.AddMppSurveyHealth(connectionString);
    builder.Services.AddMppSurveyErrorHandling(builder.Configuration);
    builder.Services.AddMppSurveyTransportSecurity();
    builder.Services.AddMppSurveyPublicOrigin(builder.Configuration);
    builder.Services.AddMppSurveyEmail();
    builder.Services.AddAntiforgery(o =>
    {
        // HttpOnly and SameSite=Strict are the defaults; Secure follows the (forwarded) scheme like the login cookie.
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    });
    builder.Services.AddResponseCompression();
    builder.Services.AddRazorPages()
        .AddMvcOptions(o => o.Filters.Add(new NulCharacterFilter()))
        .AddViewLocalization()
        .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedText)));

    var app = builder.Build();
    stopping = app.Lifetime.ApplicationStopping;
    app.UseMppSurveyTransportSecurity();
    // Before the exception handler, so that error pages and problem+json carry the headers too.
    app.UseSecurityHeaders();
    // Every environment, ./run's Development too: the generic error page or problem+json, with a correlation id.
    app.UseMppSurveyErrorHandling();
    app.UseRequestLocalization();
    // An oversized import upload is answered with the form and its message, not a 413 or 400.
    app.UseImportUploadLimit();
    app.UseResponseCompression();
    app.UseStaticFiles();
    app.UseRouting();
    app.UseAuthentication();
    // Sessions are read from the database by the authentication above; signed-in answers are not cached.
    app.UseMppSurveySessions();
    app.UseAuthorization();
    app.UseRateLimiter();
    app.MapMppSurveyHealth();
    app.MapMppSurveyJobs();
    app.MapRazorPages();
    app.MapAccountApi();
    app.MapResponsesApi();
    app.MapInvitationsApi();
    app.MapKioskHeartbeatApi();
    app.MapWorkbookDownloads();
    app.MapPublicResultsApi();

    await app.RunAsync();
    return 0;
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    // Stopped while start-up still ran (waiting for PostgreSQL, migrating): what was asked for, so no
    // stack trace of the cancelled query and a clean exit for systemd and Docker.
    Console.Error.WriteLine("MppSurvey stopped before it finished starting.");
    return 0;
}
catch (StartupException e)
{
    Console.Error.WriteLine($"MppSurvey cannot start: {e.Message}");
    return 1;
}
catch (Exception e) when (SettingFailures.Of(e) is { Count: > 0 } failures)
{
    // A setting refused by its options validation (ValidateOnStart): its own sentence, once per setting.
    foreach (var failure in failures)
    {
        Console.Error.WriteLine($"MppSurvey cannot start: {failure}");
    }
    return 1;
}
finally
{
    privateServer?.Stop();
}

public partial class Program;

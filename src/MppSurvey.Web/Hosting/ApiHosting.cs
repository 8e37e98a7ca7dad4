using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using MppSurvey.Core.Responses;
using MppSurvey.Web.Api;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// Section `Survey`: the response API's limits and flags and the kiosk page's timings, checked at
/// start-up (<see cref="Settings"/>).
/// `KioskCooldownSeconds` (20): least time between two stored responses of one kiosk, on the API and
/// on the kiosk page alike. `KioskIdleSeconds` (90), `KioskThanksSeconds` (8): the kiosk resets after
/// this long idle mid-survey and after the thank-you screen. `QueueRetrySeconds` (30): how often a
/// browser resends its queued responses.
/// `RateLimit:PermitLimit` (30) and `RateLimit:WindowSeconds` (60): requests per client address and
/// window on the anonymous channels (qr, officer); generous because all phones on an MPP's guest
/// Wi-Fi share one address. `RateLimit:KioskPermitLimit` (60): the same for requests carrying
/// X-Kiosk-Token, a separate budget so that visitors' phones cannot starve the kiosk behind the same
/// address (the cooldown is the kiosk's real limit). `RateLimit:InvitationPermitLimit` (120): the same for POST /api/v1/undangan.
/// `Burst:MaxResponses` (5), `Burst:ClientMaxResponses` (10, 0 = off), `Burst:WindowSeconds` (60),
/// `StraightLining:MinAnswers` (5), `StraightLining:MaxSeconds` (10): the flags, see <see cref="FlaggingRules"/>.
/// </summary>
public sealed class SurveyOptions
{
    public const string Section = "Survey";

    public double KioskCooldownSeconds { get; set; } = 20;
    public int KioskIdleSeconds { get; set; } = 90;
    public int KioskThanksSeconds { get; set; } = 8;
    public int QueueRetrySeconds { get; set; } = 30;
    public ClientLimits RateLimit { get; set; } = new();
    public BurstFlag Burst { get; set; } = new();
    public StraightLiningFlag StraightLining { get; set; } = new();

    public sealed class ClientLimits
    {
        public int PermitLimit { get; set; } = 30;
        public int KioskPermitLimit { get; set; } = 60;
        /// <summary>POST /api/v1/undangan per client address (an MPP's online service calls from its servers).</summary>
        public int InvitationPermitLimit { get; set; } = 120;
        public double WindowSeconds { get; set; } = 60;
    }

    public sealed class BurstFlag
    {
        public int MaxResponses { get; set; } = 5;
        public int ClientMaxResponses { get; set; } = 10;
        public double WindowSeconds { get; set; } = 60;
    }

    public sealed class StraightLiningFlag
    {
        public int MinAnswers { get; set; } = 5;
        public double MaxSeconds { get; set; } = 10;
    }

    public static void Check(SurveyOptions o, SettingChecks c)
    {
        c.AtLeast("KioskCooldownSeconds", o.KioskCooldownSeconds, 0);
        c.AtLeast("KioskIdleSeconds", o.KioskIdleSeconds, 1);
        c.AtLeast("KioskThanksSeconds", o.KioskThanksSeconds, 1);
        c.AtLeast("QueueRetrySeconds", o.QueueRetrySeconds, 1);
        c.AtLeast("RateLimit:PermitLimit", o.RateLimit.PermitLimit, 1);
        c.AtLeast("RateLimit:KioskPermitLimit", o.RateLimit.KioskPermitLimit, 1);
        c.AtLeast("RateLimit:InvitationPermitLimit", o.RateLimit.InvitationPermitLimit, 1);
        c.AtLeast("RateLimit:WindowSeconds", o.RateLimit.WindowSeconds, 1);
        c.AtLeast("Burst:MaxResponses", o.Burst.MaxResponses, 1);
        c.AtLeast("Burst:ClientMaxResponses", o.Burst.ClientMaxResponses, 0);
        c.AtLeast("Burst:WindowSeconds", o.Burst.WindowSeconds, 1);
        // Identical answers need at least two answers to be identical.
        c.AtLeast("StraightLining:MinAnswers", o.StraightLining.MinAnswers, 2);
        c.AtLeast("StraightLining:MaxSeconds", o.StraightLining.MaxSeconds, 0);
    }
}

public static class ApiHosting
{
    public static IServiceCollection AddMppSurveyApi(this IServiceCollection services)
    {
        services.AddSettings<SurveyOptions>(SurveyOptions.Section, SurveyOptions.Check);
        // The flags' rules live in Core, named for what they flag; their values are this section's.
        services.AddOptions<FlaggingRules>().Configure<IOptions<SurveyOptions>>((r, survey) =>
        {
            var s = survey.Value;
            r.BurstMaxResponses = s.Burst.MaxResponses;
            r.ClientBurstMaxResponses = s.Burst.ClientMaxResponses;
            r.BurstWindowSeconds = s.Burst.WindowSeconds;
            r.StraightLiningMinAnswers = s.StraightLining.MinAnswers;
            r.StraightLiningMaxSeconds = s.StraightLining.MaxSeconds;
        });
        services.AddSingleton(sp =>
        {
            var keep = TimeSpan.FromSeconds(Math.Max(
                sp.GetRequiredService<IOptions<FlaggingRules>>().Value.BurstWindowSeconds,
                sp.GetRequiredService<IOptions<SurveyOptions>>().Value.KioskCooldownSeconds));
            return new RecentSubmissions(keep);
        });

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(ResponsesApi.RateLimitPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<SurveyOptions>>().Value.RateLimit;
                var kiosk = http.Request.Headers.ContainsKey(KioskTokens.HeaderName);
                return RateLimitPartition.GetFixedWindowLimiter(
                    (kiosk ? "kiosk|" : "client|") + ClientAddress.Of(http),
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = Math.Max(1, kiosk ? limits.KioskPermitLimit : limits.PermitLimit),
                        Window = TimeSpan.FromSeconds(Math.Max(1, limits.WindowSeconds)),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });
            // The invitation API's own budget, so that an online service's calls and visitors' phones never share one.
            o.AddPolicy(InvitationsApi.RateLimitPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<SurveyOptions>>().Value.RateLimit;
                return RateLimitPartition.GetFixedWindowLimiter("invitation|" + ClientAddress.Of(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, limits.InvitationPermitLimit),
                    Window = TimeSpan.FromSeconds(Math.Max(1, limits.WindowSeconds)),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                http.RequestServices.GetRequiredService<ResponseEvents>().RateLimitRefused(http.Request.Headers.ContainsKey(KioskTokens.HeaderName));
                ApiProblems.UseCallerCulture(http);
                var text = http.RequestServices.GetRequiredService<IStringLocalizer<SharedText>>();
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? wait
                    : TimeSpan.FromSeconds(http.RequestServices.GetRequiredService<IOptions<SurveyOptions>>().Value.RateLimit.WindowSeconds);
                await ApiProblems.TooMany(http, text, retryAfter, "Api_RateLimited").ExecuteAsync(http);
            };
        });

        services.AddOpenApi(o =>
        {
            // The document describes the public API, not the Razor pages or the workbook downloads.
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "MppSurvey API";
                document.Info.Description = "Citizen-satisfaction survey (SKM, PermenPANRB 14/2017) responses for Indonesia's public-service malls (MPP).";
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, ct) =>
            {
                if (context.Description.RelativePath == ResponsesApi.Route.TrimStart('/'))
                {
                    // Declared here rather than with .Accepts<T>(): Accepts also makes routing answer a wrong
                    // content type with a bare 415, before the endpoint can explain it in problem+json.
                    // A named component, so that client generators get a ResponseRequest type.
                    var document = context.Document!;
                    document.AddComponent(nameof(ResponseRequest), await context.GetOrCreateSchemaAsync(typeof(ResponseRequest), null, ct));
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/json"] = new() { Schema = new OpenApiSchemaReference(nameof(ResponseRequest), document) },
                        },
                    };
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = KioskTokens.HeaderName,
                        In = ParameterLocation.Header,
                        Required = false,
                        Description = "The kiosk's device token; required when channel is kiosk, refused otherwise.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    });
                }
            });
            o.AddSchemaTransformer((schema, context, _) =>
            {
                // The document is generated with the web defaults, which read numbers from strings; this API's reader does not.
                if (schema.Type is JsonSchemaType type && type.HasFlag(JsonSchemaType.Integer) && type.HasFlag(JsonSchemaType.String))
                {
                    schema.Type = type & ~JsonSchemaType.String;
                    schema.Pattern = null;
                }
                var declaring = context.JsonPropertyInfo?.DeclaringType;
                if (declaring == typeof(ResponseRequest) && context.JsonPropertyInfo!.Name is "submittedAt" or "startedAt")
                {
                    schema.Format = "date-time";
                }
                if (context.JsonTypeInfo.Type == typeof(ResponseRequest))
                {
                    schema.Required = new HashSet<string>(["id", "regencyCode", "channel", "submittedAt"], StringComparer.Ordinal);
                    schema.AdditionalPropertiesAllowed = false;
                }
                if (context.JsonTypeInfo.Type == typeof(ProfileRequest))
                {
                    schema.AdditionalPropertiesAllowed = false;
                }
                return Task.CompletedTask;
            });
        });
        return services;
    }
}

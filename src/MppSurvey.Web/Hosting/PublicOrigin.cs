using Microsoft.Extensions.Options;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// Setting `PublicOrigin` (e.g. https://skm.jombangkab.go.id): the address visitors and staff reach
/// the app by. Every absolute link the app prints or sends (QR codes, posters, kiosk enrolment,
/// invitations, e-mails) is built from it, never from the request's Host header: behind a proxy, or
/// with an admin who opened the app by its internal address, that header names a host the public
/// cannot reach, and a forged one would end up on a printed poster. Required outside Development
/// (and the suite's Testing), where the request's own address is good enough.
/// </summary>
public sealed class PublicOriginOptions
{
    public const string SettingName = "PublicOrigin";

    /// <summary>The raw setting; validated by <see cref="PublicOriginValidation"/>.</summary>
    public string? Value { get; set; }

    /// <summary>
    /// Scheme, host and port only ("https://skm.jombangkab.go.id"), or null when not set. An
    /// internationalised host is written in its ASCII (punycode) form: QR readers, mail clients and
    /// auto-linkers all take that, while many break the Unicode form of the host.
    /// </summary>
    public string? Origin => Uri.TryCreate(Value?.Trim(), UriKind.Absolute, out var uri)
        ? $"{uri.Scheme}://{uri.IdnHost}{(uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))}"
        : null;
}

/// <summary>Start-up check of `PublicOrigin`: one sentence naming the setting when it is wrong or missing.</summary>
public sealed class PublicOriginValidation(IHostEnvironment environment) : IValidateOptions<PublicOriginOptions>
{
    public ValidateOptionsResult Validate(string? name, PublicOriginOptions options)
    {
        var value = options.Value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return environment.IsDevelopment() || environment.IsEnvironment("Testing")
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    "PublicOrigin is not set: outside Development it must name the address visitors use, "
                    + "e.g. PublicOrigin=https://skm.jombangkab.go.id, because QR codes, posters and e-mailed links are built from it.");
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0
            || uri.AbsolutePath != "/")
        {
            return ValidateOptionsResult.Fail(
                $"PublicOrigin must be a bare https:// (or http://) address without a path, e.g. https://skm.jombangkab.go.id (it is \"{value}\").");
        }
        return ValidateOptionsResult.Success;
    }
}

/// <summary>Absolute links for what the app prints or sends: the configured origin first, else the request's own.</summary>
public sealed class PublicLinks(IOptions<PublicOriginOptions> options)
{
    /// <summary>
    /// `pathAndQuery` starts with "/". Null only when no origin is configured and there is no request
    /// to borrow one from (a background job in Development).
    /// </summary>
    public string? Absolute(HttpRequest? request, string pathAndQuery)
    {
        if (!pathAndQuery.StartsWith('/'))
        {
            throw new ArgumentException("A path starting with '/' is expected.", nameof(pathAndQuery));
        }
        if (options.Value.Origin is { } origin)
        {
            return origin + pathAndQuery;
        }
        return request is null ? null : $"{request.Scheme}://{request.Host}{request.PathBase}{pathAndQuery}";
    }
}

public static class PublicOriginHosting
{
    public static IServiceCollection AddMppSurveyPublicOrigin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PublicOriginOptions>()
            .Configure(o => o.Value = configuration[PublicOriginOptions.SettingName])
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PublicOriginOptions>, PublicOriginValidation>();
        services.AddSingleton<PublicLinks>();
        return services;
    }
}

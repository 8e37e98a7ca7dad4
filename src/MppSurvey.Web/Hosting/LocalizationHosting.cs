using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace MppSurvey.Web.Hosting;

/// <summary>Bahasa Indonesia by default, English on request (?culture=en, then remembered in a cookie).</summary>
public static class LocalizationHosting
{
    public static readonly CultureInfo[] Cultures = [new("id-ID"), new("en")];

    public static IServiceCollection AddMppSurveyLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
            ];
        });
        return services;
    }
}

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;

namespace MppSurvey.Web.Hosting;

public static class IdentityHosting
{
    public static IServiceCollection AddMppSurveyIdentity(this IServiceCollection services)
    {
        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                // NIST 800-63B style: length over composition rules, but keep one digit so demo-grade passwords are rejected.
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<MppSurveyDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<ScopeClaimsPrincipalFactory>();

        // The key ring lives in PostgreSQL, not on one machine's disk: a login cookie or antiforgery
        // token issued by one web node is read by every other (README, Scaling out). The application
        // name keeps the keys' purpose the same whatever folder each node runs from.
        services.AddDataProtection()
            .SetApplicationName("MppSurvey")
            .PersistKeysToDbContext<MppSurveyDbContext>();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "mppsurvey.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // An API caller gets a status code, not a redirect to an HTML login page.
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });
        return services;
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        // API calls and workbook downloads want a status code; pages (including the /laporan list) a login page.
        var path = ctx.Request.Path;
        if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || (path.StartsWithSegments("/laporan", StringComparison.OrdinalIgnoreCase) && path.Value!.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)))
        {
            ctx.Response.StatusCode = status;
        }
        else
        {
            ctx.Response.Redirect(ctx.RedirectUri);
        }
        return Task.CompletedTask;
    }
}

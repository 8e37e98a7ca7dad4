using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;

namespace MppSurvey.Web.Hosting;

public static class IdentityHosting
{
    /// <summary>A session ends after this long without a request (sliding), or at sign-out, whichever comes first.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public static IServiceCollection AddMppSurveyIdentity(this IServiceCollection services, IConfiguration configuration)
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
        // name keeps the keys' purpose the same whatever folder each node runs from. With a certificate
        // configured the keys are encrypted in that table (KeyProtectionHosting).
        services.AddDataProtection()
            .SetApplicationName("MppSurvey")
            .PersistKeysToDbContext<MppSurveyDbContext>()
            .ProtectKeysWithConfiguredCertificate(configuration);

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
            o.ExpireTimeSpan = SessionLifetime;
            // An API caller gets a status code, not a redirect to an HTML login page.
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });
        // Server-side sessions: the cookie holds a session id, the claims stay in user_sessions (DatabaseTicketStore).
        services.AddSingleton<DatabaseTicketStore>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<DatabaseTicketStore>((o, store) => o.SessionStore = store);
        services.AddScoped<UniformPasswordSignIn>();
        return services;
    }

    /// <summary>
    /// After authentication: a request whose session could not be read fails here (see
    /// <see cref="SessionStoreFailures"/>), and nothing shown to a signed-in user is kept by the
    /// browser, so the back button after signing out asks the server again instead of showing the
    /// page from the cache. Public data (an explicit "public" Cache-Control) keeps its caching.
    /// </summary>
    public static IApplicationBuilder UseMppSurveySessions(this IApplicationBuilder app)
    {
        app.UseSessionStoreFailures();
        return app.Use((context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                var response = context.Response;
                response.OnStarting(() =>
                {
                    if (!response.Headers.CacheControl.ToString().Contains("public", StringComparison.OrdinalIgnoreCase))
                    {
                        response.Headers.CacheControl = "no-store";
                        response.Headers.Pragma = "no-cache";
                    }
                    return Task.CompletedTask;
                });
            }
            return next(context);
        });
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        // API calls and file downloads (workbooks, semester reports) want a status code; pages (including the /laporan list) a login page.
        var path = ctx.Request.Path;
        if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || (path.StartsWithSegments("/laporan", StringComparison.OrdinalIgnoreCase)
                && (path.Value!.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || path.Value!.EndsWith(".docx", StringComparison.OrdinalIgnoreCase))))
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

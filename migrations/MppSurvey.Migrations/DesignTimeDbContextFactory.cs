using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MppSurvey.Core.Database;

namespace MppSurvey.Migrations;

/// <summary>
/// Lets `dotnet ef` build the model without starting the web app (which would start a private
/// PostgreSQL). `migrations add` and `migrations list` need no live server; `database update`
/// uses ConnectionStrings__MppSurvey when set.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MppSurveyDbContext>
{
    public MppSurveyDbContext CreateDbContext(string[] args)
    {
        var cs = Environment.GetEnvironmentVariable("ConnectionStrings__MppSurvey")
            ?? "Host=127.0.0.1;Database=mppsurvey;Username=postgres";
        var options = new DbContextOptionsBuilder<MppSurveyDbContext>()
            .UseNpgsql(cs, o => o.MigrationsAssembly(MppSurveyDbContext.MigrationsAssembly))
            .Options;
        return new MppSurveyDbContext(options);
    }
}

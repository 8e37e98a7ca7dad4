using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Authoring;
public sealed partial class TemplateAuthoringTests
{
    /// <summary>Two MPPs (Jombang, Kota Bima) with one service each, and one user per authoring role.</summary>
    public sealed class Fixture : AppFixture
    {
        public Dictionary<string, int> MallIds { get; } = [];
        public Dictionary<string, int> ServiceIds { get; } = [];
        public Dictionary<string, int> AgencyIds { get; } = [];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            var db = Db(scope);
            foreach (var code in new[] { "35.17", "52.72" })
            {
                var mall = new Mall { RegencyCode = code, Name = "MPP " + code };
                var agency = new Agency { Name = "Dukcapil " + code };
                agency.Services.Add(new Service { Name = "Kartu Keluarga" });
                mall.Agencies.Add(agency);
                db.Malls.Add(mall);
                await db.SaveChangesAsync();
                MallIds[code] = mall.Id;
                AgencyIds[code] = agency.Id;
                ServiceIds[code] = agency.Services[0].Id;
            }
            db.Periods.AddRange(Period.Parse("2025-S2"), Period.Parse("2026-S1"), Period.Parse("2026-S2"));
            await db.SaveChangesAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await TestUsers.CreateAsync(users, Password,
                ("admin@uji.test", Roles.Administrator, (string?)null, (int?)null),
                ("deputi@uji.test", Roles.Ministry, null, null),
                ("mpp@uji.test", Roles.MppAdmin, "35.17", MallIds["35.17"]),
                ("mpp.bima@uji.test", Roles.MppAdmin, "52.72", MallIds["52.72"]));
        }
    }
}

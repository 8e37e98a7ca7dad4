using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Admin;

/// <summary>
/// The API fixture (Jombang and Kota Bima, open and closed surveys) plus what the form-integrity
/// classes ask their two questions with: a user per role, a service of Bima, a draft template
/// owned by Bima and a follow-up action of Bima (the foreign ids a forged hidden field names).
/// One database for the form classes (they run one after the other); each case asserts the rows
/// it touches, not table totals.
/// </summary>
public sealed class FormFixture : ApiFixture
{
    public const string Password = "uji-formulir-2026-aman";
    public const string Admin = "admin@formulir.test";
    public const string Ministry = "kementerian@formulir.test";
    public const string MppAdmin = "mpp@formulir.test";
    public const string BimaAdmin = "bima@formulir.test";
    public const string BimaRegency = "52.72";

    public int MallId { get; private set; }
    public int BimaMallId { get; private set; }
    public int BimaServiceId { get; private set; }
    public int BimaTemplateVersionId { get; private set; }
    public int SkmVersionId { get; private set; }
    public long BimaFollowUpId { get; private set; }

    private readonly Dictionary<string, HttpClient> _clients = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Scope();
        var db = Db(scope);
        var now = DateTimeOffset.UtcNow;
        var bima = await db.Malls.Include(m => m.Agencies).SingleAsync(m => m.RegencyCode == BimaRegency);
        var bimaService = new Service { Name = "Kartu BPJS" };
        bima.Agencies[0].Services.Add(bimaService);
        var skm = await db.SurveyTemplateVersions.Include(v => v.Template).SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
        var bimaTemplate = TemplateDrafts.NewTemplate(skm, "skm", "bima-uji", "Survei Bima", "Bima survey", bima.Id, BimaAdmin, now);
        db.SurveyTemplates.Add(bimaTemplate);
        var action = new Core.FollowUp.FollowUpAction
        {
            MallId = bima.Id, PeriodCode = OpenPeriod, ElementCode = "U2", Action = "Rencana Bima", Timeline = "2026-Q4",
            PersonInCharge = "Kepala MPP Bima", CreatedAt = now, UpdatedAt = now,
        };
        db.FollowUpActions.Add(action);
        await db.SaveChangesAsync();

        MallId = await db.Malls.Where(m => m.RegencyCode == Regency).Select(m => m.Id).SingleAsync();
        BimaMallId = bima.Id;
        BimaServiceId = bimaService.Id;
        BimaTemplateVersionId = bimaTemplate.Versions[0].Id;
        SkmVersionId = skm.Id;
        BimaFollowUpId = action.Id;

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await TestUsers.CreateAsync(users, Password,
            (Admin, Roles.Administrator, (string?)null, (int?)null),
            (Ministry, Roles.Ministry, null, null),
            (MppAdmin, Roles.MppAdmin, Regency, MallId),
            (BimaAdmin, Roles.MppAdmin, BimaRegency, bima.Id));
    }

    public async Task<HttpClient> SignedInAsync(string email)
    {
        if (!_clients.TryGetValue(email, out var client))
        {
            client = await LoginClient.SignedInAsync(this, email, Password);
            _clients[email] = client;
        }
        return client;
    }

    public async Task<T> DbAsync<T>(Func<Core.Database.MppSurveyDbContext, Task<T>> read)
    {
        await using var scope = Scope();
        return await read(Db(scope));
    }

    /// <summary>Audit entries of one action, in order: a replayed click must not add a second.</summary>
    public Task<List<string>> AuditAsync(string action) =>
        DbAsync(db => db.AuditEntries.Where(a => a.Action == action).OrderBy(a => a.Id).Select(a => a.Target).ToListAsync());
}

[CollectionDefinition(Name)]
public sealed class FormCollection : ICollectionFixture<FormFixture>
{
    public const string Name = "Form integrity";
}

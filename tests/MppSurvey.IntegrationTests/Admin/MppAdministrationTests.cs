using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.IntegrationTests.Reporting;

namespace MppSurvey.IntegrationTests.Admin;

/// <summary>
/// Agencies and services, the QR sheet and running surveys, as an MPP admin does them through the
/// pages, checked in PostgreSQL; and that an MPP admin cannot reach another MPP's by page or by id.
/// </summary>
public sealed class MppAdministrationTests(ImportAndWorkbookTests.Fixture app) : IClassFixture<ImportAndWorkbookTests.Fixture>
{
    private const string Mpp = "mpp@uji.test";

    private static string Inv(int n) => n.ToString(CultureInfo.InvariantCulture);

    private async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string handler, Dictionary<string, string> form, string query = "")
    {
        form["__RequestVerificationToken"] = await LoginClient.AntiforgeryTokenAsync(client, page + (query.Length > 0 ? "?" + query : ""));
        var separator = query.Length > 0 ? "&" : "";
        return await client.PostAsync($"{page}?{query}{separator}handler={handler}", new FormUrlEncodedContent(form));
    }

    private async Task<T> DbAsync<T>(Func<Core.Database.MppSurveyDbContext, Task<T>> read)
    {
        await using var scope = app.Scope();
        return await read(app.Db(scope));
    }

    private async Task<int> AgencyIdAsync(string regency) =>
        await DbAsync(db => db.Agencies.Where(a => a.MallId == app.MallIds[regency] && a.ShortName == "Dukcapil").Select(a => a.Id).SingleAsync());

    [Fact]
    public async Task An_MPP_admin_adds_renames_and_deactivates_an_agency_and_a_service_and_every_step_is_audited()
    {
        var client = await LoginClient.SignedInAsync(app, Mpp, ImportAndWorkbookTests.Password);

        var addAgency = await PostAsync(client, "/Admin/Instansi", "AddAgency", new() { ["Name"] = "  Badan Pendapatan   Daerah ", ["ShortName"] = "Samsat" });
        var agency = await DbAsync(db => db.Agencies.SingleAsync(a => a.Name == "Badan Pendapatan Daerah"));
        var addService = await PostAsync(client, "/Admin/Instansi", "AddService", new() { ["AgencyId"] = Inv(agency.Id), ["Name"] = "STNK tahunan" });
        var service = await DbAsync(db => db.Services.SingleAsync(s => s.AgencyId == agency.Id));
        var rename = await PostAsync(client, "/Admin/Instansi", "RenameService", new() { ["ServiceId"] = Inv(service.Id), ["Name"] = "Pengesahan STNK tahunan" });
        var deactivate = await PostAsync(client, "/Admin/Instansi", "ToggleService", new() { ["ServiceId"] = Inv(service.Id), ["Active"] = "false" });

        Assert.All(new[] { addAgency, addService, rename, deactivate }, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(app.MallIds["35.17"], agency.MallId);
        var after = await DbAsync(db => db.Services.SingleAsync(s => s.Id == service.Id));
        Assert.Equal("Pengesahan STNK tahunan", after.Name);
        Assert.False(after.IsActive);
        var audit = await DbAsync(db => db.AuditEntries.Where(a => a.MallId == app.MallIds["35.17"] && a.Actor == Mpp).OrderBy(a => a.Id).Select(a => a.Action + " " + a.Target).ToListAsync());
        Assert.Equal(
            ["agency.add Badan Pendapatan Daerah", "service.add Badan Pendapatan Daerah / STNK tahunan",
             "service.rename Badan Pendapatan Daerah / Pengesahan STNK tahunan", "service.deactivate Badan Pendapatan Daerah / Pengesahan STNK tahunan"],
            audit.Where(a => a.Contains("Badan Pendapatan", StringComparison.Ordinal)));
        var page = await client.GetStringAsync("/Admin/Instansi");
        Assert.Contains("Pengesahan STNK tahunan", page, StringComparison.Ordinal);
        Assert.Contains("Aktifkan kembali", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Isi nama.")]
    [InlineData("en", "Enter a name.")]
    public async Task An_empty_service_name_is_refused_beside_its_field_in_the_users_language(string culture, string message)
    {
        var client = await LoginClient.SignedInAsync(app, Mpp, ImportAndWorkbookTests.Password);
        var agencyId = await AgencyIdAsync("35.17");
        var before = await DbAsync(db => db.Services.CountAsync());

        var response = await PostAsync(client, "/Admin/Instansi", "AddService", new() { ["AgencyId"] = Inv(agencyId), ["Name"] = " \t " },
            culture.Length > 0 ? "culture=" + culture : "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<span class=\"field-error\" id=\"service-new-{agencyId}-error\">{message}</span>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await DbAsync(db => db.Services.CountAsync()));
    }

    [Fact]
    public async Task A_duplicate_agency_name_in_another_case_is_refused_and_nothing_is_written()
    {
        var client = await LoginClient.SignedInAsync(app, Mpp, ImportAndWorkbookTests.Password);
        var before = await DbAsync(db => db.Agencies.CountAsync());

        var response = await PostAsync(client, "/Admin/Instansi", "AddAgency", new() { ["Name"] = "dinas kependudukan dan pencatatan sipil" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("sudah ada di MPP ini", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await DbAsync(db => db.Agencies.CountAsync()));
    }

    private async Task<HttpResponseMessage> ImportCsvAsync(HttpClient client, string csv)
    {
        var token = await LoginClient.AntiforgeryTokenAsync(client, "/Admin/Instansi");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "CsvFile", "layanan.csv" },
        };
        return await client.PostAsync("/Admin/Instansi?handler=Import", form);
    }

    [Fact]
    public async Task A_CSV_list_adds_only_what_is_missing_and_a_list_with_one_bad_line_adds_nothing()
    {
        var client = await LoginClient.SignedInAsync(app, Mpp, ImportAndWorkbookTests.Password);
        var mallId = app.MallIds["35.17"];

        var bad = await ImportCsvAsync(client, "instansi;layanan\nImigrasi;Paspor baru\nImigrasi;\n");
        var badHtml = await bad.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Baris 3: instansi atau layanan kosong.", badHtml, StringComparison.Ordinal);
        Assert.False(await DbAsync(db => db.Agencies.AnyAsync(a => a.MallId == mallId && a.Name == "Imigrasi")));

        var good = await ImportCsvAsync(client, "\uFEFFinstansi,layanan\nImigrasi,Paspor baru\nImigrasi,\"Paspor, penggantian\"\n"
            + "Dinas Kependudukan dan Pencatatan Sipil,kartu keluarga\nDinas Kependudukan dan Pencatatan Sipil,Akta kelahiran\n");

        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var services = await DbAsync(db => db.Services.Where(s => s.Agency!.MallId == mallId).Select(s => s.Agency!.Name + " / " + s.Name).ToListAsync());
        Assert.Contains("Imigrasi / Paspor baru", services);
        Assert.Contains("Imigrasi / Paspor, penggantian", services);
        Assert.Contains("Dinas Kependudukan dan Pencatatan Sipil / Akta kelahiran", services);
        // "kartu keluarga" is the existing "Kartu Keluarga": not added a second time.
        Assert.Single(services, s => s.EndsWith("/ Kartu Keluarga", StringComparison.OrdinalIgnoreCase));
        var message = await client.GetStringAsync(good.Headers.Location!.OriginalString);
        Assert.Contains("1 instansi dan 3 layanan baru; 1 layanan sudah ada", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_MPP_admin_cannot_touch_another_MPPs_agencies_services_qr_codes_or_surveys_by_id_or_by_url()
    {
        var client = await LoginClient.SignedInAsync(app, Mpp, ImportAndWorkbookTests.Password);
        var otherAgency = await AgencyIdAsync("52.72");
        var otherService = app.ServiceIds["52.72"];
        var skm = await DbAsync(db => db.SurveyTemplateVersions.Where(v => v.Template!.Code == "skm").Select(v => v.Id).FirstAsync());
        var period = Period.Containing(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)), PeriodKind.Semester).Code;
        int otherSurvey;
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            if (!await db.Periods.AnyAsync(p => p.Code == period))
            {
                db.Periods.Add(Period.Parse(period));
            }
            var survey = new Survey { MallId = app.MallIds["52.72"], TemplateVersionId = skm, PeriodCode = period, Population = 100 };
            db.Surveys.Add(survey);
            await db.SaveChangesAsync();
            otherSurvey = survey.Id;
        }
        var before = await DbAsync(db => db.Agencies.Where(a => a.MallId == app.MallIds["52.72"]).Include(a => a.Services).AsNoTracking().ToListAsync());
        var surveysBefore = await DbAsync(db => db.Surveys.CountAsync());

        // By id: the id of another MPP's agency, service or survey is not found.
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/Admin/Instansi", "RenameAgency", new() { ["AgencyId"] = Inv(otherAgency), ["Name"] = "Diambil alih" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/Admin/Instansi", "ToggleAgency", new() { ["AgencyId"] = Inv(otherAgency), ["Active"] = "false" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/Admin/Instansi", "AddService", new() { ["AgencyId"] = Inv(otherAgency), ["Name"] = "Sisipan" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/Admin/Instansi", "RenameService", new() { ["ServiceId"] = Inv(otherService), ["Name"] = "Diambil alih" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/Admin/Instansi", "ToggleService", new() { ["ServiceId"] = Inv(otherService), ["Active"] = "false" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/Admin/Survei", "Population", new() { ["SurveyId"] = Inv(otherSurvey), ["Population"] = "5" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Admin/Qr?handler=Png&layanan={otherService}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Admin/Qr?handler=Png&instansi={otherAgency}")).StatusCode);
        // A forged coverage naming another MPP's agency starts nothing.
        var forged = await PostAsync(client, "/Admin/Survei", "Start", new() { ["VersionId"] = Inv(skm), ["PeriodCode"] = period, ["AgencyIds"] = Inv(otherAgency) });
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Contains("Pilih instansi dan layanan aktif dari MPP ini saja.", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // By URL: asking for the other MPP is refused outright, on every page and handler.
        foreach (var url in new[] { "/Admin/Instansi?mpp=52.72", "/Admin/Qr?mpp=52.72", "/Admin/Survei?mpp=52.72", $"/Admin/Qr?handler=Png&mpp=52.72&layanan={otherService}" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        var post = await PostAsync(client, "/Admin/Instansi", "AddAgency", new() { ["Name"] = "Sisipan", ["mpp"] = "52.72" });
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", post.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var start = await PostAsync(client, "/Admin/Survei", "Start", new() { ["VersionId"] = Inv(skm), ["PeriodCode"] = period, ["mpp"] = "52.72" });
        Assert.StartsWith("/Account/AccessDenied", start.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var after = await DbAsync(db => db.Agencies.Where(a => a.MallId == app.MallIds["52.72"]).Include(a => a.Services).AsNoTracking().ToListAsync());
        Assert.Equal(
            before.Select(a => (a.Name, a.IsActive, string.Join("|", a.Services.Select(s => s.Name + s.IsActive)))),
            after.Select(a => (a.Name, a.IsActive, string.Join("|", a.Services.Select(s => s.Name + s.IsActive)))));
        Assert.Equal(surveysBefore, await DbAsync(db => db.Surveys.CountAsync()));
        Assert.Equal(100, await DbAsync(db => db.Surveys.Where(s => s.Id == otherSurvey).Select(s => s.Population).SingleAsync()));
    }

    [Theory]
    [InlineData("bupati@uji.test")]
    [InlineData("deputi@uji.test")]
    public async Task Regional_heads_and_deputies_do_not_reach_the_administration_pages(string email)
    {
        var client = await LoginClient.SignedInAsync(app, email, ImportAndWorkbookTests.Password);

        foreach (var url in new[] { "/Admin/Instansi", "/Admin/Qr", "/Admin/Survei" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_QR_sheet_holds_a_code_per_counter_and_each_PNG_is_a_real_image()
    {
        var client = await LoginClient.SignedInAsync(app, Mpp, ImportAndWorkbookTests.Password);
        var serviceId = app.ServiceIds["35.17"];

        var sheet = await client.GetStringAsync("/Admin/Qr");
        var png = await client.GetAsync($"/Admin/Qr?handler=Png&layanan={serviceId}");
        var bytes = await png.Content.ReadAsByteArrayAsync();

        Assert.Contains($"/survei/35.17?layanan={serviceId}", sheet, StringComparison.Ordinal);
        Assert.Contains($"data-service=\"{serviceId}\"", sheet, StringComparison.Ordinal);
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    [Fact]
    public async Task An_MPP_admin_starts_a_semester_survey_for_one_agency_with_a_population_and_responses_for_other_counters_are_refused()
    {
        var client = await LoginClient.SignedInAsync(app, Mpp, ImportAndWorkbookTests.Password);
        var mallId = app.MallIds["35.17"];
        var dukcapil = await AgencyIdAsync("35.17");
        int samsatService;
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            var samsat = new Agency { MallId = mallId, Name = "Samsat " + Guid.NewGuid().ToString("N")[..6] };
            samsat.Services.Add(new Service { Name = "Pajak kendaraan" });
            db.Agencies.Add(samsat);
            await db.SaveChangesAsync();
            samsatService = samsat.Services[0].Id;
        }
        var version = await DbAsync(db => db.SurveyTemplateVersions.Where(v => v.Template!.Code == "skm").Select(v => v.Id).FirstAsync());
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        var period = Period.Containing(today, PeriodKind.Semester).Code;

        var badPopulation = await PostAsync(client, "/Admin/Survei", "Start", new() { ["VersionId"] = Inv(version), ["PeriodCode"] = period, ["Population"] = "banyak" });
        var past = await PostAsync(client, "/Admin/Survei", "Start", new() { ["VersionId"] = Inv(version), ["PeriodCode"] = "2020-S1" });
        Assert.Contains("<span class=\"field-error\" id=\"population-error\">Tulis bilangan bulat", await badPopulation.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<span class=\"field-error\" id=\"period-error\">Periode 2020-S1 sudah lewat.", await past.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await DbAsync(db => db.Surveys.AnyAsync(s => s.MallId == mallId)));

        var start = await PostAsync(client, "/Admin/Survei", "Start", new() { ["VersionId"] = Inv(version), ["PeriodCode"] = period, ["Population"] = "1.250", ["AgencyIds"] = Inv(dukcapil) });
        var again = await PostAsync(client, "/Admin/Survei", "Start", new() { ["VersionId"] = Inv(version), ["PeriodCode"] = period });

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var survey = await DbAsync(db => db.Surveys.SingleAsync(s => s.MallId == mallId));
        Assert.Equal((period, 1250, Mpp), (survey.PeriodCode, survey.Population!.Value, survey.OpenedBy!));
        Assert.Equal([dukcapil], survey.AgencyIds!);
        Assert.Null(survey.ServiceIds);
        Assert.Contains($"Survei skm v1 untuk periode {period} sudah ada.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await DbAsync(db => db.Surveys.CountAsync(s => s.MallId == mallId)));

        // The visitor's page offers only the covered agency's services, and the API refuses the others.
        var page = await LoginClient.Anonymous(app).GetStringAsync("/survei/35.17");
        Assert.Contains("Kartu Keluarga", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Pajak kendaraan", page, StringComparison.Ordinal);
        var api = LoginClient.Anonymous(app);
        var refused = await api.PostAsJsonAsync("/api/v1/responses?culture=en", Body(samsatService));
        var accepted = await api.PostAsJsonAsync("/api/v1/responses", Body(app.ServiceIds["35.17"]));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("does not cover this counter", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(1, await DbAsync(db => db.Responses.CountAsync(r => r.MallId == mallId && r.SurveyId == survey.Id)));
        Assert.False(await DbAsync(db => db.Responses.AnyAsync(r => r.ServiceId == samsatService)));

        // The population can be corrected while the survey runs.
        var population = await PostAsync(client, "/Admin/Survei", "Population", new() { ["SurveyId"] = Inv(survey.Id), ["Population"] = "2000" });
        Assert.Equal(HttpStatusCode.Redirect, population.StatusCode);
        Assert.Equal(2000, await DbAsync(db => db.Surveys.Where(s => s.Id == survey.Id).Select(s => s.Population).SingleAsync()));
    }

    private static JsonObject Body(int serviceId) => new()
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["regencyCode"] = "35.17",
        ["serviceId"] = serviceId,
        ["template"] = "skm",
        ["channel"] = "qr",
        ["submittedAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
        ["answers"] = new JsonObject { ["U1"] = 4, ["U2"] = 3, ["U3"] = 2, ["U4"] = 4, ["U5"] = 3, ["U6"] = 4, ["U7"] = 4, ["U8"] = 1, ["U9"] = 3 },
    };
}

using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using MppSurvey.IntegrationTests.Infrastructure;
using static MppSurvey.IntegrationTests.Admin.FormRequests;
using static MppSurvey.IntegrationTests.BadInput.Forms;

namespace MppSurvey.IntegrationTests.Admin;

/// <summary>
/// /Admin/Instansi (agencies, services, the CSV list of counters) asked the two questions: what does
/// a hostile request do (another MPP's ids in the hidden fields, a replayed deactivate, a missing
/// token or state) and what does a careless user do (double click, back button, empty form)?
/// </summary>
[Collection(FormCollection.Name)]
public sealed class CounterFormTests(FormFixture app)
{
    private const string Page = "/Admin/Instansi";

    private Task<int> AgenciesNamedAsync(string name) =>
        app.DbAsync(db => db.Agencies.CountAsync(a => a.MallId == app.MallId && EF.Functions.ILike(a.Name, name)));

    [Fact]
    public async Task Hostile_another_MPPs_agency_or_service_in_the_hidden_field_is_not_found_and_nothing_changes()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var before = await app.DbAsync(db => db.Services.Where(s => s.Id == app.BimaServiceId).Select(s => s.Agency!.Name + "/" + s.Name + s.IsActive + s.Agency.IsActive).SingleAsync());
        var agency = Inv(app.OtherMallAgencyId);
        var service = Inv(app.BimaServiceId);

        var answers = new[]
        {
            await PostAsync(client, Page, "RenameAgency", Of(("AgencyId", agency), ("Name", "Diambil alih"))),
            await PostAsync(client, Page, "ToggleAgency", Of(("AgencyId", agency), ("Active", "false"))),
            await PostAsync(client, Page, "AddService", Of(("AgencyId", agency), ("Name", "Layanan sisipan"))),
            await PostAsync(client, Page, "RenameService", Of(("ServiceId", service), ("Name", "Diambil alih"))),
            await PostAsync(client, Page, "ToggleService", Of(("ServiceId", service), ("Active", "false"))),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NotFound, a.StatusCode));
        Assert.Equal(before, await app.DbAsync(db => db.Services.Where(s => s.Id == app.BimaServiceId).Select(s => s.Agency!.Name + "/" + s.Name + s.IsActive + s.Agency.IsActive).SingleAsync()));
        Assert.Equal(1, await app.DbAsync(db => db.Services.CountAsync(s => s.AgencyId == app.OtherMallAgencyId)));
    }

    [Fact]
    public async Task Hostile_a_replayed_deactivate_leaves_the_service_inactive_and_is_audited_once()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var serviceId = await app.DbAsync(async db =>
        {
            var s = new Core.Malls.Service { AgencyId = app.AgencyId, Name = "Layanan ulang-kirim" };
            db.Services.Add(s);
            await db.SaveChangesAsync();
            return s.Id;
        });
        var deactivate = await WithTokenAsync(client, Page, Of(("ServiceId", Inv(serviceId)), ("Active", "false")));

        var first = await ReplayAsync(client, Page + "?handler=ToggleService", deactivate);
        var replay = await ReplayAsync(client, Page + "?handler=ToggleService", deactivate);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.False(await app.DbAsync(db => db.Services.Where(s => s.Id == serviceId).Select(s => s.IsActive).SingleAsync()));
        Assert.Single(await app.AuditAsync("service.deactivate"), t => t.EndsWith("/ Layanan ulang-kirim", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hostile_a_toggle_without_the_state_it_asks_for_is_refused_and_changes_nothing()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);

        var response = await PostAsync(client, Page, "ToggleAgency", Of(("AgencyId", Inv(app.AgencyId))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(await app.DbAsync(db => db.Agencies.Where(a => a.Id == app.AgencyId).Select(a => a.IsActive).SingleAsync()));
    }

    [Fact]
    public async Task Hostile_a_post_without_the_antiforgery_token_is_refused_and_adds_nothing()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);

        var response = await PostAsync(client, Page, "AddAgency", Of(("Name", "Tanpa token")), withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await AgenciesNamedAsync("Tanpa token"));
    }

    [Fact]
    public async Task Careless_a_triple_click_on_add_agency_adds_one_agency_and_answers_the_others_with_a_message()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);

        var answers = await AtOnceAsync(client, Page, Page + "?handler=AddAgency", Of(("Name", "Kantor Imigrasi")));

        AssertOneDoneRestRefused(answers);
        Assert.Equal(1, await AgenciesNamedAsync("Kantor Imigrasi"));
        foreach (var refused in answers.Where(a => a.StatusCode == HttpStatusCode.OK))
        {
            await AssertErrorBesideAsync(refused, "agency-new-error", "Instansi \"Kantor Imigrasi\" sudah ada di MPP ini.");
        }
    }

    [Fact]
    public async Task Careless_two_clicks_at_once_with_names_differing_only_in_case_add_one_agency()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var token = await LoginClient.AntiforgeryTokenAsync(client, Page);
        HttpResponseMessage[] answers = await Task.WhenAll(
            client.PostAsync(Page + "?handler=AddAgency", new FormUrlEncodedContent(Of(("Name", "Badan Pertanahan"), ("__RequestVerificationToken", token)))),
            client.PostAsync(Page + "?handler=AddAgency", new FormUrlEncodedContent(Of(("Name", "BADAN PERTANAHAN"), ("__RequestVerificationToken", token)))));

        AssertOneDoneRestRefused(answers);
        Assert.Equal(1, await AgenciesNamedAsync("badan pertanahan"));
    }

    [Fact]
    public async Task Careless_a_double_click_on_add_service_adds_one_service()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);

        var answers = await AtOnceAsync(client, Page, Page + "?handler=AddService", Of(("AgencyId", Inv(app.AgencyId)), ("Name", "Akta kematian")));

        AssertOneDoneRestRefused(answers);
        Assert.Equal(1, await app.DbAsync(db => db.Services.CountAsync(s => s.AgencyId == app.AgencyId && s.Name == "Akta kematian")));
    }

    [Fact]
    public async Task Careless_the_back_button_and_the_same_CSV_list_again_adds_nothing_the_second_time()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        async Task<HttpResponseMessage> ImportAsync()
        {
            var token = await LoginClient.AntiforgeryTokenAsync(client, Page);
            using var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new ByteArrayContent(Encoding.UTF8.GetBytes("instansi,layanan\nBalai Karantina,Sertifikat ekspor\nBalai Karantina,Sertifikat impor\n")), "CsvFile", "layanan.csv" },
            };
            return await client.PostAsync(Page + "?handler=Import", form);
        }

        var first = await ImportAsync();
        var again = await ImportAsync();

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("a=0&s=0&e=2", again.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(2, await app.DbAsync(db => db.Services.CountAsync(s => s.Agency!.MallId == app.MallId && s.Agency.Name == "Balai Karantina")));
    }

    [Theory]
    [InlineData("", "Isi nama.")]
    [InlineData("en", "Enter a name.")]
    public async Task Careless_an_empty_form_is_answered_beside_the_name_and_adds_nothing(string culture, string message)
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var before = await app.DbAsync(db => db.Agencies.CountAsync());

        var response = await PostAsync(client, Page, "AddAgency", [], culture.Length > 0 ? "culture=" + culture : "");

        await AssertErrorBesideAsync(response, "agency-new-error", message);
        Assert.Equal(before, await app.DbAsync(db => db.Agencies.CountAsync()));
    }

    [Theory]
    [InlineData("\u200b\u200b\u200b")]
    [InlineData(" \u2060\ufeff ")]
    public async Task Careless_a_name_of_invisible_characters_only_is_answered_like_an_empty_one(string name)
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var before = await app.DbAsync(db => db.Agencies.CountAsync());

        var response = await PostAsync(client, Page, "AddAgency", Of(("Name", name)));

        await AssertErrorBesideAsync(response, "agency-new-error", "Isi nama.");
        Assert.Equal(before, await app.DbAsync(db => db.Agencies.CountAsync()));
    }

    [Fact]
    public async Task The_schema_refuses_an_agency_or_service_whose_name_differs_only_in_case()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var agency = new NpgsqlCommand($"INSERT INTO agencies (mall_id, name, short_name, is_active) VALUES ({Inv(app.MallId)}, 'SAMSAT', '', true)", connection);
        await using var service = new NpgsqlCommand($"INSERT INTO services (agency_id, name, is_active) VALUES ({Inv(app.AgencyId)}, 'KARTU KELUARGA', true)", connection);

        Assert.Equal(PostgresErrorCodes.UniqueViolation, (await Assert.ThrowsAsync<PostgresException>(() => agency.ExecuteNonQueryAsync())).SqlState);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, (await Assert.ThrowsAsync<PostgresException>(() => service.ExecuteNonQueryAsync())).SqlState);
    }

    [Fact]
    public async Task The_migration_renames_names_that_collide_regardless_of_case_so_the_index_can_be_built()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        // One transaction, rolled back: the shared database ends as it began.
        await using var tx = await connection.BeginTransactionAsync();
        async Task RunAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, tx);
            await command.ExecuteNonQueryAsync();
        }
        await RunAsync("DROP INDEX ix_agencies_mall_id_lower_name; DROP INDEX ix_services_agency_id_lower_name;");
        await RunAsync($"INSERT INTO agencies (mall_id, name, short_name, is_active) VALUES ({Inv(app.MallId)}, 'SAMSAT', '', true), ({Inv(app.MallId)}, 'samsat', '', false)");
        await RunAsync($"INSERT INTO services (agency_id, name, is_active) VALUES ({Inv(app.AgencyId)}, 'KARTU KELUARGA', true)");

        await RunAsync(Migrations.Migrations.FormIntegrity.RenameCollisions);
        await RunAsync("CREATE UNIQUE INDEX ix_agencies_mall_id_lower_name ON agencies (mall_id, lower(name)); CREATE UNIQUE INDEX ix_services_agency_id_lower_name ON services (agency_id, lower(name));");

        var agencies = new List<string>();
        await using (var read = new NpgsqlCommand($"SELECT name FROM agencies WHERE mall_id = {Inv(app.MallId)} AND lower(name) LIKE 'samsat%' ORDER BY id", connection, tx))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                agencies.Add(reader.GetString(0));
            }
        }
        await using var service = new NpgsqlCommand($"SELECT name FROM services WHERE agency_id = {Inv(app.AgencyId)} AND lower(name) LIKE 'kartu keluarga%' ORDER BY id DESC LIMIT 1", connection, tx);
        Assert.Equal(["Samsat", "SAMSAT (2)", "samsat (3)"], agencies);
        Assert.Equal("KARTU KELUARGA (2)", await service.ExecuteScalarAsync());
        await tx.RollbackAsync();
    }
}

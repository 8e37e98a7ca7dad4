using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Database;
using MppSurvey.IntegrationTests.Api;
using Npgsql;

namespace MppSurvey.IntegrationTests.Responses;

/// <summary>
/// The responses table itself refuses a row the index job and the workbooks cannot place: a service
/// of another agency, a service without an agency, an agency of another MPP, copies of the survey's
/// MPP, period or version that contradict it. Written past the application (plain SQL), as a bug,
/// a script or a future channel would. And the ResponseIntegrity migration repairs rows stored
/// before it existed, so it can be applied to a database that holds them.
/// </summary>
public sealed class ResponseSchemaTests(ApiFixture app) : IClassFixture<ApiFixture>
{
    private const string IntegrityMigration = "ResponseIntegrity";

    private sealed record Ids(int Mall, int Survey, int ClosedSurvey, int Version, int SamsatAgency);

    private async Task<Ids> IdsAsync()
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        var mall = await db.Malls.SingleAsync(m => m.RegencyCode == ApiFixture.Regency);
        var survey = await db.Surveys.SingleAsync(s => s.MallId == mall.Id && s.PeriodCode == app.OpenPeriod && s.TemplateVersion!.Template!.Code == "skm");
        var closed = await db.Surveys.SingleAsync(s => s.MallId == mall.Id && s.PeriodCode == app.ClosedPeriod);
        var samsat = await db.Services.Where(s => s.Id == app.OtherAgencyServiceId).Select(s => s.AgencyId).SingleAsync();
        return new Ids(mall.Id, survey.Id, closed.Id, survey.TemplateVersionId, samsat);
    }

    /// <summary>Inserts one response as plain SQL; the period is the open survey's unless given.</summary>
    private async Task InsertAsync(Guid id, int surveyId, int mallId, int? agencyId, int? serviceId, int versionId, string? period = null)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO responses (id, survey_id, mall_id, agency_id, service_id, template_version_id, period_code, channel,
                                   submitted_at_local, received_at, scores, flags)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 2, now()::timestamp, now(), '{4,4,4,4,4,4,4,4,4}', 0)
            """, connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = id });
        insert.Parameters.Add(new NpgsqlParameter { Value = surveyId });
        insert.Parameters.Add(new NpgsqlParameter { Value = mallId });
        insert.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = agencyId });
        insert.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = serviceId });
        insert.Parameters.Add(new NpgsqlParameter { Value = versionId });
        insert.Parameters.Add(new NpgsqlParameter { Value = period ?? app.OpenPeriod });
        await insert.ExecuteNonQueryAsync();
    }

    private async Task<string> RefusalAsync(Func<Task> write)
    {
        var refused = await Assert.ThrowsAsync<PostgresException>(write);
        return refused.SqlState;
    }

    [Fact]
    public async Task A_service_without_its_agency_is_refused_by_the_database()
    {
        var ids = await IdsAsync();

        var state = await RefusalAsync(() => InsertAsync(Guid.NewGuid(), ids.Survey, ids.Mall, null, app.ServiceId, ids.Version));

        Assert.Equal(PostgresErrorCodes.CheckViolation, state);
    }

    [Fact]
    public async Task A_service_with_another_agency_is_refused_by_the_database()
    {
        var ids = await IdsAsync();

        var state = await RefusalAsync(() => InsertAsync(Guid.NewGuid(), ids.Survey, ids.Mall, app.AgencyId, app.OtherAgencyServiceId, ids.Version));

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, state);
    }

    [Fact]
    public async Task An_agency_of_another_MPP_is_refused_by_the_database()
    {
        var ids = await IdsAsync();

        var state = await RefusalAsync(() => InsertAsync(Guid.NewGuid(), ids.Survey, ids.Mall, app.OtherMallAgencyId, null, ids.Version));

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, state);
    }

    [Fact]
    public async Task A_period_that_is_not_the_surveys_is_refused_by_the_database()
    {
        var ids = await IdsAsync();

        var state = await RefusalAsync(() => InsertAsync(Guid.NewGuid(), ids.Survey, ids.Mall, app.AgencyId, app.ServiceId, ids.Version, app.ClosedPeriod));

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, state);
    }

    [Fact]
    public async Task A_consistent_row_is_accepted_and_its_survey_cannot_be_deleted_under_it()
    {
        var ids = await IdsAsync();
        var id = Guid.NewGuid();
        await InsertAsync(id, ids.ClosedSurvey, ids.Mall, ids.SamsatAgency, app.OtherAgencyServiceId, ids.Version, app.ClosedPeriod);

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var delete = new NpgsqlCommand($"DELETE FROM surveys WHERE id = {ids.ClosedSurvey}", connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, refused.SqlState);
        await using var scope = app.Scope();
        Assert.True(await app.Db(scope).Responses.AnyAsync(r => r.Id == id));
    }

    [Fact]
    public async Task The_import_stores_the_services_agency_and_refuses_a_row_without_a_scored_answer_naming_it()
    {
        var ids = await IdsAsync();
        async Task<HistoricImporter.Result> Import(string csv)
        {
            await using var scope = app.Scope();
            return await scope.ServiceProvider.GetRequiredService<HistoricImporter>().ImportAsync(new HistoricImporter.Request(
                ids.Mall, app.ClosedPeriod, app.OtherAgencyServiceId, "lama.csv", System.Text.Encoding.UTF8.GetBytes(csv), "test", ScoreOnly: false));
        }
        async Task<int> Imported()
        {
            await using var scope = app.Scope();
            return await app.Db(scope).Responses.CountAsync(r => r.Channel == ResponseChannel.Import);
        }

        // Line 3 names a respondent but answers nothing: not a respondent, and counting it would inflate n.
        var refused = await Import("U1;U2;U3;U4;U5;U6;U7;U8;U9;Nama\n4;3;4;3;4;3;4;3;4;A\n;;;;;;;;;B\n");
        var stored = await Import("U1;U2;U3;U4;U5;U6;U7;U8;U9\n4;3;4;3;4;3;4;3;4\n;;2;;;;;;\n");

        Assert.Equal("Import_RowWithoutAnswers", refused.Error);
        Assert.Equal(3, refused.Row);
        Assert.Null(stored.Error);
        await using var scope = app.Scope();
        var agencies = await app.Db(scope).Responses.Where(r => r.Channel == ResponseChannel.Import).Select(r => r.AgencyId).ToListAsync();
        Assert.Equal([ids.SamsatAgency, ids.SamsatAgency], agencies);
        Assert.Equal(2, await Imported());
    }

    [Fact]
    public async Task The_migration_gives_a_response_stored_without_its_services_agency_that_agency()
    {
        var ids = await IdsAsync();
        var withoutAgency = Guid.NewGuid();
        var wrongAgency = Guid.NewGuid();
        var noService = Guid.NewGuid();
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            var all = db.Database.GetMigrations().ToList();
            var before = all[all.FindIndex(m => m.EndsWith("_" + IntegrityMigration, StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before);
        }
        try
        {
            // What the API stored before the fix: the service's agency missing, or another one.
            await InsertAsync(withoutAgency, ids.Survey, ids.Mall, null, app.ServiceId, ids.Version);
            await InsertAsync(wrongAgency, ids.Survey, ids.Mall, app.AgencyId, app.OtherAgencyServiceId, ids.Version);
            await InsertAsync(noService, ids.Survey, ids.Mall, null, null, ids.Version);
        }
        finally
        {
            await using var scope = app.Scope();
            await app.Db(scope).Database.MigrateAsync();
        }

        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var rows = await db.Responses.AsNoTracking().Where(r => r.Id == withoutAgency || r.Id == wrongAgency || r.Id == noService)
                .ToDictionaryAsync(r => r.Id, r => r.AgencyId);
            Assert.Equal(app.AgencyId, rows[withoutAgency]);
            Assert.Equal(ids.SamsatAgency, rows[wrongAgency]);
            Assert.Null(rows[noService]);
        }
        // And the keys are back in force after the repair.
        Assert.Equal(PostgresErrorCodes.CheckViolation,
            await RefusalAsync(() => InsertAsync(Guid.NewGuid(), ids.Survey, ids.Mall, null, app.ServiceId, ids.Version)));
    }
}

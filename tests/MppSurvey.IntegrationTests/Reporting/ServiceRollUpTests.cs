using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MppSurvey.Core.Database;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;
using Row = MppSurvey.Core.Reporting.ResponseAggregation.Row;

namespace MppSurvey.IntegrationTests.Reporting;

/// <summary>
/// The index job aggregates in SQL only per service (and per MPP by service model and by channel) and
/// rolls agency, MPP, province and national up in code: every row of every kind must equal what the
/// former single GROUPING SETS query (<see cref="LegacyAggregation"/>) gave, on the demo data and on
/// any set of responses.
/// </summary>
public sealed class ServiceRollUpTests(DemoAppFixture demo, ServiceRollUpTests.Fixture app) : IClassFixture<DemoAppFixture>, IClassFixture<ServiceRollUpTests.Fixture>
{
    /// <summary>Three MPPs in two provinces, two agencies of two services each, two semesters, a survey for every template version.</summary>
    public sealed class Fixture : AppFixture
    {
        public static readonly string[] Periods = ["2025-S2", "2026-S1"];
        public List<Mall> Malls { get; } = [];
        public List<SurveyTemplateVersion> Versions { get; private set; } = [];
        public Dictionary<(int Mall, string Period, int Version), int> Surveys { get; } = [];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            var db = Db(scope);
            Versions = await db.SurveyTemplateVersions.AsNoTracking().OrderBy(v => v.Id).ToListAsync();
            db.Periods.AddRange(Periods.Select(Period.Parse));
            foreach (var regency in new[] { "35.17", "35.78", "52.72" })
            {
                var mall = new Mall { RegencyCode = regency, Name = "MPP " + regency };
                for (var a = 0; a < 2; a++)
                {
                    var agency = new Agency { Name = "Instansi " + a };
                    agency.Services.AddRange([new Service { Name = "Layanan A" }, new Service { Name = "Layanan B" }]);
                    mall.Agencies.Add(agency);
                }
                db.Malls.Add(mall);
                Malls.Add(mall);
            }
            await db.SaveChangesAsync();
            var surveys = Malls.SelectMany(m => Periods.SelectMany(p => Versions.Select(v => new Survey { MallId = m.Id, PeriodCode = p, TemplateVersionId = v.Id }))).ToList();
            db.Surveys.AddRange(surveys);
            await db.SaveChangesAsync();
            foreach (var s in surveys)
            {
                Surveys[(s.MallId, s.PeriodCode, s.TemplateVersionId)] = s.Id;
            }
        }
    }

    private static (string, UnitKind, string?, int?, string?, int?, int?, int, int?, int?) Key(Row r) =>
        (r.PeriodCode, r.Kind, r.ProvinceCode, r.MallId, r.RegencyCode, r.AgencyId, r.ServiceId, r.TemplateVersionId, r.ServiceModel, r.Channel);

    private static void AssertSame(List<Row> expected, List<Row> actual)
    {
        Assert.Equal(expected.Select(Key).Order().ToList(), actual.Select(Key).Order().ToList());
        var byKey = actual.ToDictionary(Key);
        foreach (var e in expected)
        {
            var a = byKey[Key(e)];
            Assert.Equal(e.Respondents, a.Respondents);
            Assert.Equal(e.Answered, a.Answered);
            Assert.Equal(e.Sums, a.Sums);
            Assert.Equal(e.ScoreN, a.ScoreN);
            Assert.Equal(e.SquareSums, a.SquareSums);
            Assert.Equal(e.PairSums, a.PairSums);
            // Sums of doubles added in another order.
            Assert.True(Math.Abs(e.MeanAnswerSum - a.MeanAnswerSum) <= 1e-9 * Math.Max(1, Math.Abs(e.MeanAnswerSum)), $"{Key(e)}: {e.MeanAnswerSum} vs {a.MeanAnswerSum}");
            Assert.True(Math.Abs(e.MeanAnswerSumOfSquares - a.MeanAnswerSumOfSquares) <= 1e-9 * Math.Max(1, Math.Abs(e.MeanAnswerSumOfSquares)),
                $"{Key(e)}: {e.MeanAnswerSumOfSquares} vs {a.MeanAnswerSumOfSquares}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_service_level_roll_up_equals_the_previous_job_on_the_demo_data(bool includeFlagged)
    {
        await using var scope = demo.Scope();
        var db = demo.Db(scope);
        var periods = await db.Responses.Select(r => r.PeriodCode).Distinct().ToListAsync();
        var expected = await LegacyAggregation.ReadAsync(db, periods, includeFlagged, null, default);
        var actual = await ResponseAggregation.ReadAsync(db, periods, includeFlagged, null, default);

        Assert.Contains(expected, r => r.Kind == UnitKind.National);
        Assert.Contains(expected, r => r.Kind == UnitKind.NationalChannel);
        Assert.True(expected.Count(r => r.Kind == UnitKind.Service) > 100, $"{expected.Count} rows");
        AssertSame(expected, actual);
    }

    [Fact]
    public async Task The_exact_integer_mean_sums_equal_the_numeric_ones_a_template_wider_than_twelve_elements_gets()
    {
        // Widths up to 12 sum mean x lcm(1..width) as integers; wider ones sum numeric means. Reading the demo data as if
        // the widest template had 13 elements takes the numeric path over the same responses.
        Assert.Equal(2520, ResponseAggregation.MeanScale(9));
        Assert.Equal(27720, ResponseAggregation.MeanScale(12));
        Assert.Null(ResponseAggregation.MeanScale(13));
        Assert.Contains("::numeric / nullif(", ResponseAggregation.Sql(13), StringComparison.Ordinal);
        Assert.DoesNotContain("::numeric / nullif(", ResponseAggregation.Sql(9), StringComparison.Ordinal);

        await using var scope = demo.Scope();
        var db = demo.Db(scope);
        var periods = await db.Responses.Select(r => r.PeriodCode).Distinct().ToListAsync();
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTransaction = (Npgsql.NpgsqlTransaction)transaction.GetDbTransaction();
        var places = await ResponseAggregation.PlacesAsync(connection, npgsqlTransaction, default);
        var exact = await ResponseAggregation.ReadFinestAsync(connection, npgsqlTransaction, 9, places, periods, true, null, Slice.All, default);
        var numeric = (await ResponseAggregation.ReadFinestAsync(connection, npgsqlTransaction, 13, places, periods, true, null, Slice.All, default))
            .ToDictionary(Key);

        Assert.True(exact.Count > 100, $"{exact.Count} rows");
        Assert.Equal(exact.Count, numeric.Count);
        foreach (var e in exact)
        {
            var n = numeric[Key(e)];
            Assert.Equal(e.Answered, n.Answered[..9]);
            Assert.All(n.Answered[9..], a => Assert.Equal(0, a));
            Assert.Equal((e.Respondents, e.ScoreN), (n.Respondents, n.ScoreN));
            Assert.True(Math.Abs(e.MeanAnswerSum - n.MeanAnswerSum) <= 1e-12 * Math.Max(1, e.MeanAnswerSum), $"{Key(e)}: {e.MeanAnswerSum} vs {n.MeanAnswerSum}");
            Assert.True(Math.Abs(e.MeanAnswerSumOfSquares - n.MeanAnswerSumOfSquares) <= 1e-12 * Math.Max(1, e.MeanAnswerSumOfSquares),
                $"{Key(e)}: {e.MeanAnswerSumOfSquares} vs {n.MeanAnswerSumOfSquares}");
        }
    }

    [Fact]
    public async Task For_one_MPP_the_roll_up_equals_the_previous_job_for_that_MPP()
    {
        await using var scope = demo.Scope();
        var db = demo.Db(scope);
        var periods = await db.Responses.Select(r => r.PeriodCode).Distinct().ToListAsync();
        var mallId = await db.Malls.Where(m => m.RegencyCode == "35.17").Select(m => m.Id).SingleAsync();
        var expected = await LegacyAggregation.ReadAsync(db, periods, false, mallId, default);
        var actual = await ResponseAggregation.ReadAsync(db, periods, false, [mallId], default);

        Assert.All(actual.Where(r => r.MallId is not null), r => Assert.Equal(mallId, r.MallId));
        AssertSame(expected, actual);
    }

    private sealed record Generated(int Mall, int Agency, int Service, int Period, int Version, int Flags, int Model, int Channel, short?[] Scores);

    /// <summary>Blank agency (-1) or service (-1), any flags, model and channel, blanks anywhere, answers on the version's scale.</summary>
    private Gen<Generated> Responses() =>
        from mall in Gen.Int[0, 2]
        from agency in Gen.Int[-1, 1]
        from service in Gen.Int[-1, 1]
        from period in Gen.Int[0, 1]
        from version in Gen.Int[0, app.Versions.Count - 1]
        from flags in Gen.Int[0, 7]
        from model in Gen.Int[1, 4]
        from channel in Gen.Int[1, 5]
        from scores in Gen.Int[-1, app.Versions[version].ScaleMax].Array[app.Versions[version].ElementCodes.Length]
        select new Generated(mall, agency, agency < 0 ? -1 : service, period, version, flags, model, channel,
            scores.Select(s => s < app.Versions[version].ScaleMin ? (short?)null : (short)s).ToArray());

    [Fact]
    public async Task For_any_responses_the_roll_up_equals_the_previous_job()
    {
        await Responses().List[0, 40].Select(Gen.Bool).SampleAsync(async (rows, includeFlagged) =>
        {
            await using var scope = app.Scope();
            var db = app.Db(scope);
            // Each sample's responses live in a transaction that is rolled back: the next sample starts empty.
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Responses.AddRange(rows.Select(g => ToResponse(g)));
            await db.SaveChangesAsync();
            var expected = await LegacyAggregation.ReadAsync(db, Fixture.Periods, includeFlagged, null, default);
            var actual = await ResponseAggregation.ReadAsync(db, Fixture.Periods, includeFlagged, null, default);
            AssertSame(expected, actual);
            var counted = rows.Count(g => (g.Flags & (int)ResponseAggregation.Excluded(includeFlagged)) == 0);
            Assert.Equal(counted, actual.Where(r => r.Kind == UnitKind.National).Sum(r => r.Respondents));
            await transaction.RollbackAsync();
        }, iter: 40, threads: 1);
    }

    private Response ToResponse(Generated g)
    {
        var mall = app.Malls[g.Mall];
        var version = app.Versions[g.Version];
        var period = Fixture.Periods[g.Period];
        var agency = g.Agency < 0 ? null : mall.Agencies[g.Agency];
        return new Response
        {
            Id = Guid.NewGuid(),
            SurveyId = app.Surveys[(mall.Id, period, version.Id)],
            MallId = mall.Id,
            AgencyId = agency?.Id,
            ServiceId = agency is null || g.Service < 0 ? null : agency.Services[g.Service].Id,
            TemplateVersionId = version.Id,
            PeriodCode = period,
            Channel = (ResponseChannel)g.Channel,
            ServiceModel = (ServiceModel)g.Model,
            SubmittedAtLocal = Period.Parse(period).StartsOn.ToDateTime(new TimeOnly(9, 0)),
            ReceivedAt = DateTimeOffset.UtcNow,
            Scores = g.Scores,
            Flags = (ResponseFlags)g.Flags,
        };
    }
}

using MppSurvey.Core.Reporting;
using Xunit;

namespace MppSurvey.UnitTests.Reporting;

public sealed class AggregateRollUpTests
{
    // Two elements; width 2 has one pair (4 sums per pair).
    private static ResponseAggregation.Row Mall(int mallId, string regency, string province, long respondents, long[] answered, long[] sums,
        UnitKind kind = UnitKind.Mall, int? model = null, int? channel = null) =>
        new("2026-S1", kind, province, mallId, regency, null, null, 7, respondents, answered, sums, respondents, respondents * 3.5, respondents * 12.5,
            [sums[0] * 4, sums[1] * 4], [answered[0], sums[0], sums[1], sums[0] * 4], model, channel);

    [Fact]
    public void Province_and_national_are_the_sums_of_their_MPPs_and_the_MPP_rows_are_left_unchanged()
    {
        var a = Mall(1, "3517", "35", 10, [10, 9], [35, 30]);
        var b = Mall(2, "3201", "32", 4, [4, 4], [12, 16]);
        var c = Mall(3, "3578", "35", 6, [6, 5], [24, 20]);

        var above = AggregateRollUp.AboveMall([a, b, c]);

        var east = Assert.Single(above, r => r.Kind == UnitKind.Province && r.ProvinceCode == "35");
        Assert.Equal(16, east.Respondents);
        Assert.Equal([16L, 14L], east.Answered);
        Assert.Equal([59L, 50L], east.Sums);
        Assert.Equal([236L, 200L], east.SquareSums);
        Assert.Equal([16L, 59L, 50L, 236L], east.PairSums);
        Assert.Equal(16 * 3.5, east.MeanAnswerSum);
        Assert.Equal("3517", east.RegencyCode);
        Assert.Null(east.MallId);
        var nation = Assert.Single(above, r => r.Kind == UnitKind.National);
        Assert.Equal(20, nation.Respondents);
        Assert.Equal([71L, 66L], nation.Sums);
        Assert.Equal("3201", nation.RegencyCode);
        Assert.Null(nation.ProvinceCode);
        Assert.Equal(2, above.Count(r => r.Kind == UnitKind.Province));
        Assert.Equal([35L, 30L], a.Sums);
        Assert.Equal(10, a.Respondents);
    }

    [Fact]
    public void National_delivery_units_come_from_the_MPPs_delivery_rows_only()
    {
        var model1 = Mall(1, "3517", "35", 3, [3, 3], [9, 9], UnitKind.MallServiceModel, model: 1);
        var model1Elsewhere = Mall(2, "3201", "32", 2, [2, 1], [8, 4], UnitKind.MallServiceModel, model: 1);
        var channel5 = Mall(2, "3201", "32", 5, [5, 5], [20, 20], UnitKind.MallChannel, channel: 5);
        var service = Mall(2, "3201", "32", 99, [99, 99], [1, 1], UnitKind.Service);

        var above = AggregateRollUp.AboveMall([model1, model1Elsewhere, channel5, service]);

        Assert.Equal(2, above.Count);
        var byModel = Assert.Single(above, r => r.Kind == UnitKind.NationalServiceModel);
        Assert.Equal((1, 5L), (byModel.ServiceModel!.Value, byModel.Respondents));
        Assert.Equal([5L, 4L], byModel.Answered);
        var byChannel = Assert.Single(above, r => r.Kind == UnitKind.NationalChannel);
        Assert.Equal((5, 5L), (byChannel.Channel!.Value, byChannel.Respondents));
    }

    [Fact]
    public void Rows_of_different_periods_or_versions_are_never_added()
    {
        var a = Mall(1, "3517", "35", 1, [1, 1], [4, 4]);
        Assert.Throws<ArgumentException>(() => a.Plus(a with { TemplateVersionId = 8 }));
        Assert.Throws<ArgumentException>(() => a.Plus(a with { PeriodCode = "2026-S2" }));
    }
}

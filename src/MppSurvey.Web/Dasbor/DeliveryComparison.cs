using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Web.Dasbor;

/// <summary>
/// The index by service model and by channel for one MPP (the dashboard) or the nation (the ministry
/// page) and period: the delivery units the index job stored (<see cref="DeliveryUnits"/>), so these
/// figures are computed exactly like every other unit (docs/method.md) and read with one indexed query.
/// </summary>
public static class DeliveryComparison
{
    /// <summary>Whose comparison: an MPP by its regency code, or the nation (null).</summary>
    public sealed record Scope(string? RegencyCode, string PeriodCode);

    /// <summary>
    /// One service model or channel. Below <see cref="FewRespondents"/> the figure is still shown (docs/method.md:
    /// a unit below its target is computed and shown, marked), with the "sample too small" mark.
    /// </summary>
    public sealed record Row(string LabelKey, int Respondents, decimal Converted, string Grade, double? CiLow, double? CiHigh)
    {
        public bool TooFew => Respondents < FewRespondents;
    }

    public sealed record Tables(IReadOnlyList<Row> Models, IReadOnlyList<Row> Channels);

    /// <summary>
    /// The app's line under which a unit's own spread is not trusted (<see cref="ShrunkenIndex.OwnSpreadMinimumN"/>,
    /// the dashboard's ranking): the delivery units have no population, hence no Krejcie &amp; Morgan target, so this mark stands in.
    /// </summary>
    public const long FewRespondents = ShrunkenIndex.OwnSpreadMinimumN;

    public static Scope ForMall(string regencyCode, string periodCode) => new(regencyCode, periodCode);

    public static Scope ForNation(string periodCode) => new(null, periodCode);

    public static string ModelKey(ServiceModel model) => "ServiceModel_" + model;

    public static string ChannelKey(ResponseChannel channel) => "Channel_" + channel;

    public static async Task<Tables> LoadAsync(MppSurveyDbContext db, Scope scope, CancellationToken ct = default)
    {
        var (modelKind, channelKind, prefix) = scope.RegencyCode is { } regency
            ? (UnitKind.MallServiceModel, UnitKind.MallChannel, regency)
            : (UnitKind.NationalServiceModel, UnitKind.NationalChannel, DeliveryUnits.NationalPrefix);
        var modelKeys = DeliveryUnits.Models.Select(m => DeliveryUnits.Key(prefix, (int)m)).ToList();
        var channelKeys = DeliveryUnits.Channels.Select(c => DeliveryUnits.Key(prefix, (int)c)).ToList();
        var stored = await db.IndexResults.AsNoTracking()
            .Where(r => r.PeriodCode == scope.PeriodCode && r.TemplateCode == "skm"
                && ((r.UnitKind == modelKind && modelKeys.Contains(r.UnitKey)) || (r.UnitKind == channelKind && channelKeys.Contains(r.UnitKey))))
            .ToListAsync(ct);
        Row RowOf(IndexResult r, string label) => new(label, r.Respondents, r.Converted, r.Grade, r.CiLow, r.CiHigh);
        var models = DeliveryUnits.Models
            .Select(m => (Label: ModelKey(m), Result: stored.FirstOrDefault(r => r.UnitKind == modelKind && r.UnitKey == DeliveryUnits.Key(prefix, (int)m))))
            .Where(x => x.Result is not null).Select(x => RowOf(x.Result!, x.Label)).ToList();
        var channels = DeliveryUnits.Channels
            .Select(c => (Label: ChannelKey(c), Result: stored.FirstOrDefault(r => r.UnitKind == channelKind && r.UnitKey == DeliveryUnits.Key(prefix, (int)c))))
            .Where(x => x.Result is not null).Select(x => RowOf(x.Result!, x.Label)).ToList();
        return new Tables(models, channels);
    }
}

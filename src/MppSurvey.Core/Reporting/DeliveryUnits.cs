using System.Globalization;
using MppSurvey.Core.Responses;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// The keys of the units that compare the index by how the service was delivered: per MPP and
/// nationally, by service model (langsung, jemput bola, mandiri, digital) and by channel (kiosk, QR,
/// officer, import, invitation). Stored as index results like every other unit, so the dashboard, the
/// ministry page and any later surface read one computation.
/// </summary>
public static class DeliveryUnits
{
    public const string NationalPrefix = "ID";

    public static bool IsDelivery(UnitKind kind) => kind is UnitKind.MallServiceModel or UnitKind.MallChannel
        or UnitKind.NationalServiceModel or UnitKind.NationalChannel;

    public static bool IsNational(UnitKind kind) => kind is UnitKind.NationalServiceModel or UnitKind.NationalChannel;

    /// <summary>"35.17/2" (an MPP's jemput bola unit), "ID/5" (the national invitation-channel unit).</summary>
    public static string Key(string prefix, int value) => prefix + "/" + value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The service model or channel number of a delivery unit's key; null for any other key.</summary>
    public static int? ValueOf(string unitKey)
    {
        var slash = unitKey.LastIndexOf('/');
        return slash > 0 && int.TryParse(unitKey.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>Every service model in the order the comparison shows them.</summary>
    public static readonly IReadOnlyList<ServiceModel> Models = [ServiceModel.Direct, ServiceModel.Mobile, ServiceModel.SelfService, ServiceModel.Digital];

    /// <summary>Every channel in the order the comparison shows them.</summary>
    public static readonly IReadOnlyList<ResponseChannel> Channels =
        [ResponseChannel.Kiosk, ResponseChannel.QrPhone, ResponseChannel.OfficerAssisted, ResponseChannel.Invitation, ResponseChannel.Import];
}

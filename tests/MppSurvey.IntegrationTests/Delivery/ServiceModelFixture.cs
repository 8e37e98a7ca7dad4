using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Responses;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Delivery;

/// <summary>
/// The API fixture (MPP Jombang with its kiosks, MPP Kota Bima with one) whose enrolled Jombang kiosk
/// stands at a mobile-service event (jemput bola), with an MPP admin of Jombang, one of Bima, and the ministry.
/// </summary>
public class ServiceModelFixture : ApiFixture
{
    public const string Password = "uji-coba-2026-aman";

    public int BimaKioskId { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Scope();
        var db = Db(scope);
        var kiosk = await db.Kiosks.SingleAsync(k => k.Id == KioskId);
        kiosk.ServiceModel = ServiceModel.Mobile;
        await db.SaveChangesAsync();
        BimaKioskId = await db.Kiosks.Where(k => k.Mall!.RegencyCode == "52.72").Select(k => k.Id).SingleAsync();
        var jombang = await db.Malls.Where(m => m.RegencyCode == Regency).Select(m => m.Id).SingleAsync();
        var bima = await db.Malls.Where(m => m.RegencyCode == "52.72").Select(m => m.Id).SingleAsync();
        await TestUsers.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), Password,
            ("mpp@uji.test", Roles.MppAdmin, Regency, jombang),
            ("mpp.bima@uji.test", Roles.MppAdmin, "52.72", bima),
            ("deputi@uji.test", Roles.Ministry, null, null));
    }
}

/// <summary>Request bodies and HTML reading shared by the service-model tests.</summary>
public static partial class Delivery
{
    /// <summary>A valid response whose nine answers are all <paramref name="answer"/>: its respondent score is answer x 25.</summary>
    public static JsonObject Body(ApiFixture app, int answer, string channel = "qr", string? model = null)
    {
        var body = ApiCalls.ValidBody(app);
        body["channel"] = channel;
        body["answers"] = new JsonObject(Enumerable.Range(1, 9).Select(i => KeyValuePair.Create("U" + i, (JsonNode?)JsonValue.Create(answer))));
        if (model is not null)
        {
            body["serviceModel"] = model;
        }
        return body;
    }

    [GeneratedRegex("<tr[^>]*>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<t[hd][^>]*>(.*?)</t[hd]>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    /// <summary>The body rows of the table with this id, each as its cells' text.</summary>
    public static List<string[]> Table(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table {id}");
        var body = html[html.IndexOf("<tbody>", start, StringComparison.Ordinal)..html.IndexOf("</tbody>", start, StringComparison.Ordinal)];
        return RowPattern().Matches(body)
            .Select(r => CellPattern().Matches(r.Groups[1].Value)
                .Select(c => Space().Replace(WebUtility.HtmlDecode(TagPattern().Replace(c.Groups[1].Value, " ")), " ").Trim()).ToArray())
            .ToList();
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Delivery;

/// <summary>
/// Responses under every service model and through three channels (the API with serviceModel, a kiosk
/// standing at a mobile-service event, a QR code's ?model=, an officer), the index job, and the index
/// with its 95% interval per model and per channel on the MPP dashboard and the ministry page.
/// </summary>
public sealed class ServiceModelIndexTests(ServiceModelFixture app) : IClassFixture<ServiceModelFixture>
{
    [Fact]
    public async Task Each_service_model_and_channel_gets_its_own_index_and_interval_on_the_dashboard_and_the_ministry_page()
    {
        var client = LoginClient.Anonymous(app);
        // What the survey page sends for a QR code carrying ?model=mandiri: the page renders the model for its script.
        var qrPage = await client.GetStringAsync("/survei/35.17?model=mandiri");
        Assert.Contains("data-model=\"mandiri\"", qrPage, StringComparison.Ordinal);

        // Every respondent answers all nine elements alike, so their score is answer x 25 and the index's
        // standard error is the one of those scores (docs/method.md, The interval of the index).
        var sends = new (System.Text.Json.Nodes.JsonObject Body, string? Token)[]
        {
            // langsung (absent = langsung): 100, 100, 75 -> 91.67; SE 8.3333, t(2) 4.3027: 91.667 - 35.855 = 55.81 .. 100 (clipped)
            (Delivery.Body(app, 4), null),
            (Delivery.Body(app, 4, model: "langsung"), null),
            (Delivery.Body(app, 3), null),
            // jemput bola: the kiosk (its own model, none in the body) 75 and 50, an officer 100 -> 75.00, interval 25 .. 100 (clipped)
            (Delivery.Body(app, 3, "kiosk"), app.KioskToken),
            (Delivery.Body(app, 2, "kiosk"), app.KioskToken),
            (Delivery.Body(app, 4, "officer", "jemput-bola"), null),
            // mandiri (the QR code's model) 50; digital 25: one respondent each, no interval
            (Delivery.Body(app, 2, model: "mandiri"), null),
            (Delivery.Body(app, 1, model: "digital"), null),
        };
        foreach (var (body, token) in sends)
        {
            Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, body, token)).StatusCode);
        }
        await using (var scope = app.Scope())
        {
            var stored = await app.Db(scope).Responses.AsNoTracking().GroupBy(r => r.ServiceModel).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
            Assert.Equal(new Dictionary<ServiceModel, int> { [ServiceModel.Direct] = 3, [ServiceModel.Mobile] = 3, [ServiceModel.SelfService] = 1, [ServiceModel.Digital] = 1 }, stored);
            await new RecomputeIndices(app.Db(scope)).RunAsync([app.OpenPeriod]);
        }

        var mpp = await LoginClient.SignedInAsync(app, "mpp@uji.test", ServiceModelFixture.Password);
        var dashboard = await mpp.GetStringAsync("/dasbor/35.17");
        var ministry = await (await LoginClient.SignedInAsync(app, "deputi@uji.test", ServiceModelFixture.Password)).GetStringAsync($"/kementerian?periode={app.OpenPeriod}");
        foreach (var html in new[] { dashboard, ministry })
        {
            var models = Delivery.Table(html, "by-model");
            Assert.Equal(["Langsung (di loket)", "Jemput bola", "Mandiri", "Digital"], models.Select(r => r[0]));
            Assert.Equal(["3", "3", "1", "1"], models.Select(r => r[1].Split(' ')[0]));
            Assert.Equal(["91,67 (A)", "75,00 (C)", "50,00 (D)", "25,00 (D)"], models.Select(r => r[2]));
            Assert.Equal(["55,81 – 100,00", "25,00 – 100,00", "–", "–"], models.Select(r => r[3]));
            // Fewer than 30 respondents: every row carries the small-sample mark, the figures still shown.
            Assert.All(models, r => Assert.EndsWith("sampel kurang", r[1], StringComparison.Ordinal));

            // Channels: QR 100, 100, 75, 50, 25 -> 70.00; SE 14.577, t(4) 2.7764: 70 - 40.47 = 29.53; kiosk 75, 50 -> 62.50; officer 100.
            var channels = Delivery.Table(html, "by-channel");
            Assert.Equal(["Kios", "Kode QR (ponsel)", "Dibantu petugas"], channels.Select(r => r[0]));
            Assert.Equal(["2", "5", "1"], channels.Select(r => r[1].Split(' ')[0]));
            Assert.Equal(["62,50 (D)", "70,00 (C)", "100,00 (A)"], channels.Select(r => r[2]));
            Assert.Equal(["25,00 – 100,00", "29,53 – 100,00", "–"], channels.Select(r => r[3]));
        }

        // Stored as units of their own beside the MPP's: the sum over the models is the MPP's n, nationally too.
        await using (var scope = app.Scope())
        {
            var results = await app.Db(scope).IndexResults.AsNoTracking().Where(r => r.PeriodCode == app.OpenPeriod && r.TemplateCode == "skm").ToListAsync();
            var mall = results.Single(r => r.UnitKind == UnitKind.Mall);
            Assert.Equal(8, mall.Respondents);
            Assert.Equal(mall.Respondents, results.Where(r => r.UnitKind == UnitKind.MallServiceModel).Sum(r => r.Respondents));
            Assert.Equal(mall.Respondents, results.Where(r => r.UnitKind == UnitKind.NationalChannel).Sum(r => r.Respondents));
            Assert.Equal(["35.17/1", "35.17/2", "35.17/3", "35.17/4"], results.Where(r => r.UnitKind == UnitKind.MallServiceModel).Select(r => r.UnitKey).Order());
            Assert.Equal(55.81, Math.Round(results.Single(r => r.UnitKey == "ID/1" && r.UnitKind == UnitKind.NationalServiceModel).CiLow!.Value, 2));
        }
    }
}

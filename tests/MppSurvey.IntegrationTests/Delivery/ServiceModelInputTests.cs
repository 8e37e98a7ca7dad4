using System.Net;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Responses;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Infrastructure;
using QRCoder;

namespace MppSurvey.IntegrationTests.Delivery;

/// <summary>
/// How a response comes to carry its service model: the API's serviceModel (forged values refused,
/// absent is langsung), a kiosk's own model (the tablet cannot claim another, nor post for another MPP),
/// the QR sheet's and the poster's ?model=, the survey page's officer switch, and the kiosk admin page.
/// </summary>
public sealed class ServiceModelInputTests(ServiceModelFixture app) : IClassFixture<ServiceModelFixture>
{
    private async Task<HttpResponseMessage> PostAsync(System.Text.Json.Nodes.JsonObject body, string? token = null, string? language = null) =>
        await ApiCalls.PostAsync(LoginClient.Anonymous(app), body, token, language);

    [Theory]
    [InlineData("\"ekspres\"")]
    [InlineData("\"Jemput Bola\"")]
    [InlineData("\"jemput_bola\"")]
    [InlineData("2")]
    [InlineData("\"\"")]
    [InlineData("\"digital\\u0000\"")]
    [InlineData("[\"langsung\"]")]
    public async Task A_forged_service_model_is_refused_naming_the_field_in_the_callers_language_and_nothing_is_stored(string value)
    {
        var before = await app.ResponseCountAsync();
        foreach (var (language, words) in new[] { ((string?)null, "gunakan salah satu dari: langsung, jemput-bola, mandiri, digital"), ("en", "use one of: langsung, jemput-bola, mandiri, digital") })
        {
            var body = Delivery.Body(app, 4);
            body["serviceModel"] = System.Text.Json.Nodes.JsonNode.Parse(value);
            var response = await PostAsync(body, language: language);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await ApiCalls.ProblemAsync(response);
            var message = Assert.Single(Assert.Contains("serviceModel", problem.Errors));
            if (value.StartsWith('"') && !value.Contains("\\u", StringComparison.Ordinal))
            {
                Assert.Contains(words, message, StringComparison.Ordinal);
            }
        }
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Fact]
    public async Task Without_a_service_model_a_response_is_langsung_also_from_an_officer_who_forgot_to_set_one()
    {
        foreach (var channel in new[] { "qr", "officer" })
        {
            var body = Delivery.Body(app, 3, channel);
            Assert.Equal(HttpStatusCode.Created, (await PostAsync(body)).StatusCode);
            Assert.Equal(ServiceModel.Direct, (await app.StoredAsync(Guid.Parse((string)body["id"]!)))!.ServiceModel);
        }
        var digital = Delivery.Body(app, 3, model: "digital");
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(digital)).StatusCode);
        Assert.Equal(ServiceModel.Digital, (await app.StoredAsync(Guid.Parse((string)digital["id"]!)))!.ServiceModel);
    }

    [Fact]
    public async Task A_kiosk_response_carries_the_kiosks_model_and_a_body_claiming_another_is_refused()
    {
        var silent = Delivery.Body(app, 3, "kiosk");
        var same = Delivery.Body(app, 3, "kiosk", "jemput-bola");
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(silent, app.KioskToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(same, app.KioskToken)).StatusCode);
        Assert.Equal(ServiceModel.Mobile, (await app.StoredAsync(Guid.Parse((string)silent["id"]!)))!.ServiceModel);
        Assert.Equal(ServiceModel.Mobile, (await app.StoredAsync(Guid.Parse((string)same["id"]!)))!.ServiceModel);

        var before = await app.ResponseCountAsync();
        var forged = await PostAsync(Delivery.Body(app, 3, "kiosk", "langsung"), app.KioskToken);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("jemput-bola", Assert.Single(Assert.Contains("serviceModel", (await ApiCalls.ProblemAsync(forged)).Errors)), StringComparison.Ordinal);
        // Another MPP's kiosk token with Jombang's code: refused whatever model it claims.
        var foreign = await PostAsync(Delivery.Body(app, 3, "kiosk", "jemput-bola"), app.OtherMallKioskToken);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("regencyCode", (await ApiCalls.ProblemAsync(foreign)).Errors.Keys);
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Fact]
    public async Task The_survey_page_carries_a_QR_codes_model_ignores_a_forged_one_and_offers_the_officer_a_session_switch()
    {
        var client = LoginClient.Anonymous(app);
        var qr = await client.GetStringAsync("/survei/35.17?model=jemput-bola");
        Assert.Contains("data-model=\"jemput-bola\"", qr, StringComparison.Ordinal);
        Assert.Contains("id=\"model-bound\"", qr, StringComparison.Ordinal);
        // The language link keeps the model.
        Assert.Contains("model=jemput-bola&amp;culture=en", qr, StringComparison.Ordinal);

        foreach (var query in new[] { "?model=ngawur", "?model=%3Cscript%3E", "?model=jemput-bola&kios=1" })
        {
            var page = await client.GetAsync("/survei/35.17" + query);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("data-model=\"\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        }

        var officer = await client.GetStringAsync("/survei/35.17?petugas=1");
        Assert.Contains("data-officer=\"1\"", officer, StringComparison.Ordinal);
        Assert.Matches("<select id=\"officer-model\">.*<option value=\"langsung\" selected=\"selected\">", officer);
        Assert.Contains("<option value=\"jemput-bola\">Jemput bola</option>", officer, StringComparison.Ordinal);
        // A kiosk is never in officer mode: its model is the kiosk's.
        Assert.DoesNotContain("officer-model", await client.GetStringAsync("/survei/35.17?petugas=1&kios=1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_QR_sheet_and_its_PNG_carry_the_chosen_model_and_a_forged_one_is_said_beside_the_picker()
    {
        var mpp = await LoginClient.SignedInAsync(app, "mpp@uji.test", ServiceModelFixture.Password);
        var html = WebUtility.HtmlDecode(await mpp.GetStringAsync("/Admin/Qr?mpp=35.17&model=jemput-bola"));
        var origin = mpp.BaseAddress!.GetLeftPart(UriPartial.Authority);
        Assert.Contains($"<span class=\"qr-url\">{origin}/survei/35.17?model=jemput-bola</span>", html, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"qr-url\">{origin}/survei/35.17?layanan={app.ServiceId}&model=jemput-bola</span>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/publik/35.17/poster?model=jemput-bola\"", html, StringComparison.Ordinal);

        var png = await mpp.GetByteArrayAsync($"/Admin/Qr?handler=Png&mpp=35.17&layanan={app.ServiceId}&model=jemput-bola");
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode($"{origin}/survei/35.17?layanan={app.ServiceId}&model=jemput-bola", QRCodeGenerator.ECCLevel.M);
        Assert.Equal(new PngByteQRCode(data).GetGraphic(8), png);

        Assert.Equal(HttpStatusCode.NotFound, (await mpp.GetAsync("/Admin/Qr?handler=Png&mpp=35.17&model=ngawur")).StatusCode);
        var forged = WebUtility.HtmlDecode(await mpp.GetStringAsync("/Admin/Qr?mpp=35.17&model=ngawur"));
        Assert.Contains("Model layanan tidak dikenal", forged, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"qr-url\">{origin}/survei/35.17</span>", forged, StringComparison.Ordinal);
        Assert.DoesNotContain("model=ngawur", forged.Replace("/Admin/Qr?mpp=35.17&model=ngawur", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_MPP_admin_sets_a_kiosks_model_once_audited_and_cannot_set_digital_or_touch_another_MPPs_kiosk()
    {
        var mpp = await LoginClient.SignedInAsync(app, "mpp@uji.test", ServiceModelFixture.Password);
        async Task<HttpResponseMessage> SetAsync(int kiosk, string model) => await mpp.PostAsync("/Admin/Kiosks?handler=Model", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["KioskId"] = kiosk.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["model"] = model,
            ["__RequestVerificationToken"] = await LoginClient.AntiforgeryTokenAsync(mpp, "/Admin/Kiosks"),
        }));
        async Task<(ServiceModel Model, int Audits)> StateAsync(int kiosk)
        {
            await using var scope = app.Scope();
            var db = app.Db(scope);
            return (await db.Kiosks.Where(k => k.Id == kiosk).Select(k => k.ServiceModel).SingleAsync(),
                await db.AuditEntries.CountAsync(a => a.Action == "kiosk.servicemodel"));
        }

        var page = await mpp.GetStringAsync("/Admin/Kiosks");
        Assert.Contains("<option value=\"jemput-bola\" selected=\"selected\">Jemput bola</option>", page, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await SetAsync(app.KioskId, "mandiri")).StatusCode);
        Assert.Equal((ServiceModel.SelfService, 1), await StateAsync(app.KioskId));
        // A double submit records nothing more.
        Assert.Equal(HttpStatusCode.Redirect, (await SetAsync(app.KioskId, "mandiri")).StatusCode);
        Assert.Equal((ServiceModel.SelfService, 1), await StateAsync(app.KioskId));

        foreach (var forged in new[] { "digital", "ngawur", "" })
        {
            var refused = await SetAsync(app.KioskId, forged);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Pilih langsung, jemput bola atau mandiri.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            Assert.Equal((ServiceModel.SelfService, 1), await StateAsync(app.KioskId));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await SetAsync(app.BimaKioskId, "jemput-bola")).StatusCode);
        Assert.Equal(ServiceModel.Direct, (await StateAsync(app.BimaKioskId)).Model);

        // The database refuses a digital kiosk too.
        await using var scope = app.Scope();
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => app.Db(scope).Database.ExecuteSqlRawAsync("UPDATE kiosks SET service_model = 4"));

        Assert.Equal(HttpStatusCode.Redirect, (await SetAsync(app.KioskId, "jemput-bola")).StatusCode);
        Assert.Equal((ServiceModel.Mobile, 2), await StateAsync(app.KioskId));
    }
}

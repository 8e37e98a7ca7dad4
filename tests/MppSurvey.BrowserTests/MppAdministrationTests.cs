using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using MppSurvey.Core.Responses;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>Issue 7 in Chromium: from a new counter to a visitor's stored answer, through the printed QR code.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MppAdministrationTests(BrowserFixture browser, SurveyApp app, ITestOutputHelper output) : IClassFixture<SurveyApp>
{
    [Fact]
    public async Task An_MPP_admin_adds_a_service_prints_its_QR_code_and_a_visitor_following_it_answers_for_that_service()
    {
        const string serviceName = "Balik nama kendaraan";
        await using var office = await browser.NewContextAsync("desktop", app.BaseUrl);
        var admin = await office.NewPageAsync();
        var errors = Visitor.CollectErrors(admin);

        // Sign in through the login form, as the admin does.
        await LoginForm.SignInAsync(admin, SurveyApp.AdminEmail, SurveyApp.AdminPassword);

        // Sign-in lands on the MPP's dashboard; the MPP's administration pages sit behind the navigation
        // bar's disclosure. Add the service to Samsat from there.
        await admin.Locator("#site-nav details.nav-more summary").ClickAsync();
        await admin.Locator("#site-nav a[href=\"/Admin/Instansi\"]").ClickAsync();
        await admin.Locator($"#service-new-{app.SamsatId}").FillAsync(serviceName);
        await admin.Locator($"#agency-{app.SamsatId} form.add-service button[type=submit]").ClickAsync();
        await Expect(admin.Locator("#counters-message")).ToHaveTextAsync("Layanan ditambahkan.");
        int serviceId;
        await using (var scope = app.Scope())
        {
            serviceId = await SurveyApp.Db(scope).Services.Where(s => s.AgencyId == app.SamsatId && s.Name == serviceName).Select(s => s.Id).SingleAsync();
        }
        await Expect(admin.Locator($"#service-{serviceId}")).ToContainTextAsync("Aktif");

        // The printable sheet: as printed, the site's header is gone and the service's card is there.
        await admin.Locator("#qr-sheet-link").ClickAsync();
        var card = admin.Locator($"figure.qr-card[data-service=\"{serviceId}\"]");
        await Expect(card).ToContainTextAsync(serviceName);
        await Expect(card).ToContainTextAsync("Samsat Jombang");
        await admin.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Expect(admin.Locator("header.bar")).ToBeHiddenAsync();
        await Expect(card).ToBeVisibleAsync();

        // Read the printed code the way a phone camera does: decode the pixels on the screen, not the text beside it.
        var img = card.Locator("img");
        await Expect(img).ToHaveJSPropertyAsync("complete", true);
        var decoded = await PrintedQr.ReadAsync(img);
        output.WriteLine($"QR code of service {serviceId}: {decoded}");
        Assert.Equal(app.Url($"/survei/{SurveyApp.Regency}?layanan={serviceId}"), decoded);
        Assert.Empty(errors);

        // A visitor's phone follows the link in the code: the survey is bound to the new service.
        await using var phone = await browser.NewContextAsync("phone", app.BaseUrl);
        var visitor = await phone.NewPageAsync();
        await Visitor.OpenAsync(visitor, new Uri(decoded!).PathAndQuery);
        await Expect(visitor.Locator(".svc-bound")).ToContainTextAsync(serviceName);
        Assert.Equal(0, await visitor.Locator("#svc").CountAsync());
        await Visitor.CompleteAsync(visitor, "Loket balik nama cepat.");

        var rows = await Visitor.WaitForRowsAsync(app, 1, r => r.ServiceId == serviceId);
        var row = Assert.Single(rows);
        Assert.Equal((app.SamsatId, ResponseChannel.QrPhone, "Loket balik nama cepat."), (row.AgencyId!.Value, row.Channel, row.Suggestion!));
        Assert.Equal(Visitor.Answers, await Visitor.ScoresAsync(app, row));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stored response {row.Id} for service {serviceId}"));
    }
}

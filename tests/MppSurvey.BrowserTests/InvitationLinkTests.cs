using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using MppSurvey.Core.Invitations;
using MppSurvey.Core.Responses;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>Digital invitations in Chromium: the link shows the survey of its service, takes one response, then says it was used.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InvitationLinkTests(BrowserFixture browser, SurveyApp app, ITestOutputHelper output) : IClassFixture<SurveyApp>
{
    [Fact]
    public async Task An_invitation_link_shows_the_survey_of_its_service_stores_one_digital_response_and_refuses_a_second_use()
    {
        string secret;
        await using (var scope = app.Scope())
        {
            var db = SurveyApp.Db(scope);
            var (key, s) = ApiKeySecrets.Issue(app.MallId, "Peramban", "uji", DateTimeOffset.UtcNow);
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync();
            secret = s;
        }
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/undangan")
        {
            Content = new StringContent($"{{\"serviceId\":{app.KartuKeluargaId}}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var issued = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var url = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!;

        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        var page = await context.NewPageAsync();
        var errors = Visitor.CollectErrors(page);
        var suggestion = "Pengurusan daring cepat, terima kasih.";

        await Visitor.OpenAsync(page, new Uri(url).PathAndQuery);
        // The bound service, and beside it the service model the link implies.
        await Expect(page.Locator(".svc-bound:not(#model-bound)")).ToContainTextAsync("Kartu Keluarga");
        await Expect(page.Locator("#model-bound")).ToContainTextAsync("Digital");
        Assert.Equal(0, await page.Locator("#svc").CountAsync());
        await Visitor.CompleteAsync(page, suggestion);
        await Expect(page.Locator("#done")).ToBeVisibleAsync();

        var row = Assert.Single(await Visitor.WaitForRowsAsync(app, 1, r => r.Suggestion == suggestion));
        Assert.Equal(app.KartuKeluargaId, row.ServiceId);
        Assert.Equal(app.DukcapilId, row.AgencyId);
        Assert.Equal(ResponseChannel.Invitation, row.Channel);
        Assert.Equal(ServiceModel.Digital, row.ServiceModel);

        // The same link again: a thank-you page in place of the form.
        await page.GotoAsync(new Uri(url).PathAndQuery);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Tautan ini sudah dipakai");
        Assert.Equal(0, await page.Locator("#survey").CountAsync());
        output.WriteLine(string.Join("\n", errors));
        Assert.Empty(errors);
    }
}

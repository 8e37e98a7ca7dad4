using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Invitations;
using MppSurvey.IntegrationTests.Api;

namespace MppSurvey.IntegrationTests.Invitations;

/// <summary>POST /api/v1/undangan has its own per-address budget (Survey:RateLimit:InvitationPermitLimit), answered with 429 problem+json.</summary>
public sealed class InvitationRateLimitTests(InvitationRateLimitTests.Fixture app) : IClassFixture<InvitationRateLimitTests.Fixture>
{
    public sealed class Fixture : ApiFixture
    {
        public string Secret { get; private set; } = "";

        protected override Dictionary<string, string> Settings => new(base.Settings)
        {
            ["Survey:RateLimit:InvitationPermitLimit"] = "2",
            ["Survey:RateLimit:WindowSeconds"] = "3600",
        };

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            var db = Db(scope);
            var mall = await db.Malls.SingleAsync(m => m.RegencyCode == Regency);
            var (key, secret) = ApiKeySecrets.Issue(mall.Id, "Batas", "uji", DateTimeOffset.UtcNow);
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync();
            Secret = secret;
        }
    }

    [Fact]
    public async Task Past_its_budget_a_caller_gets_429_with_Retry_After_and_the_response_API_keeps_its_own_budget()
    {
        var client = app.CreateClient();
        var body = new JsonObject { ["serviceId"] = app.ServiceId };

        var first = await InvitationFixture.IssueAsync(client, app.Secret, body);
        var second = await InvitationFixture.IssueAsync(client, app.Secret, body);
        var third = await InvitationFixture.IssueAsync(client, app.Secret, body, "en");
        var response = await ApiCalls.PostAsync(client, ApiCalls.ValidBody(app));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(429, (await ApiCalls.ProblemAsync(third)).Status);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var scope = app.Scope();
        Assert.Equal(2, await app.Db(scope).SurveyInvitations.CountAsync());
    }
}

using Microsoft.AspNetCore.Identity;
using MppSurvey.Core.Identity;

namespace MppSurvey.IntegrationTests.Infrastructure;

/// <summary>Users for a fixture, created through Identity as the app would (hashed password, role, scope).</summary>
public static class TestUsers
{
    public static async Task CreateAsync(UserManager<AppUser> users, string password,
        params (string Email, string Role, string? Regency, int? MallId)[] accounts)
    {
        foreach (var (email, role, regency, mall) in accounts)
        {
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, RegencyCode = regency, MallId = mall };
            Assert.True((await users.CreateAsync(user, password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }
    }
}

/// <summary>One signed-in client per user for the whole test class: the matrix tests ask hundreds of times.</summary>
public sealed class SignedInClients(AppFixture app, string password)
{
    private readonly Dictionary<string, HttpClient> _clients = [];

    public async Task<HttpClient> ForAsync(string? email)
    {
        if (email is null)
        {
            return LoginClient.Anonymous(app);
        }
        if (!_clients.TryGetValue(email, out var client))
        {
            client = await LoginClient.SignedInAsync(app, email, password);
            _clients[email] = client;
        }
        return client;
    }
}

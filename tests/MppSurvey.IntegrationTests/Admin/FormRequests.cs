using System.Net;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Admin;

/// <summary>The careless user's double click and the replayed request, sent through the real form.</summary>
public static class FormRequests
{
    /// <summary>
    /// Posts the same form <paramref name="times"/> times at once with one antiforgery token, as a
    /// double (or triple) click does; returns every answer.
    /// </summary>
    public static async Task<HttpResponseMessage[]> AtOnceAsync(HttpClient client, string page, string url,
        IEnumerable<KeyValuePair<string, string>> form, int times = 3)
    {
        var token = await LoginClient.AntiforgeryTokenAsync(client, page);
        var fields = form.Append(new("__RequestVerificationToken", token)).ToList();
        return await Task.WhenAll(Enumerable.Range(0, times).Select(_ => client.PostAsync(url, new FormUrlEncodedContent(fields))));
    }

    /// <summary>Posts exactly these fields (a replay: the same body again, token and all).</summary>
    public static Task<HttpResponseMessage> ReplayAsync(HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fieldsWithToken) =>
        client.PostAsync(url, new FormUrlEncodedContent(fieldsWithToken));

    public static async Task<List<KeyValuePair<string, string>>> WithTokenAsync(HttpClient client, string page, IEnumerable<KeyValuePair<string, string>> form) =>
        [.. form, new("__RequestVerificationToken", await LoginClient.AntiforgeryTokenAsync(client, page))];

    public static void AssertNoServerError(IEnumerable<HttpResponseMessage> responses) =>
        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, $"{(int)r.StatusCode} {r.RequestMessage?.RequestUri}"));

    public static void AssertOneDoneRestRefused(HttpResponseMessage[] responses)
    {
        AssertNoServerError(responses);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
    }
}

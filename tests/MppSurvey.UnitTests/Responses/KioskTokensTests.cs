using MppSurvey.Core.Malls;
using MppSurvey.Core.Responses;

namespace MppSurvey.UnitTests.Responses;

public sealed class KioskTokensTests
{
    [Fact]
    public void The_hash_is_lower_case_hex_SHA_256()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", KioskTokens.Hash("abc"));
    }

    [Fact]
    public void Issuing_a_token_stores_only_its_hash_and_returns_it_once()
    {
        var kiosk = new Kiosk { Name = "Kios lobi" };
        var now = new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

        var token = KioskTokens.Issue(kiosk, now);

        Assert.True(token.Length >= 43);
        Assert.DoesNotContain(token, kiosk.TokenHash!, StringComparison.Ordinal);
        Assert.Equal(KioskTokens.Hash(token), kiosk.TokenHash);
        Assert.Equal(now, kiosk.EnrolledAt);
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
    }

    [Fact]
    public void Enrolling_again_replaces_the_token_and_lifts_a_revocation()
    {
        var kiosk = new Kiosk { Name = "Kios lobi" };
        var first = KioskTokens.Issue(kiosk, DateTimeOffset.UnixEpoch);
        KioskTokens.Revoke(kiosk, DateTimeOffset.UnixEpoch.AddDays(1));

        var second = KioskTokens.Issue(kiosk, DateTimeOffset.UnixEpoch.AddDays(2));

        Assert.NotEqual(first, second);
        Assert.Null(kiosk.RevokedAt);
        Assert.Equal(KioskTokens.Hash(second), kiosk.TokenHash);
    }
}

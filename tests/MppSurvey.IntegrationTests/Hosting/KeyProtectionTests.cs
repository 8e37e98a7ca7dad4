using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Database;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.Web.Hosting;

namespace MppSurvey.IntegrationTests.Hosting;

/// <summary>
/// Data-protection keys encrypted at rest with a configured PFX certificate: the table holds no key
/// in the clear, another instance with the certificate reads them, one without cannot.
/// </summary>
public sealed class KeyProtectionTests : IDisposable
{
    private const string Password = "kata-sandi-sertifikat";
    private const string Purpose = "MppSurvey.IntegrationTests.KeyProtection";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mppsurvey-keys-");

    private sealed class KeyApp(string connectionString, string? certificatePath, string? password) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:MppSurvey", connectionString);
            builder.UseSetting("Database:ConnectTimeoutSeconds", "10");
            builder.UseSetting("Jobs:RunServer", "false");
            if (certificatePath is not null)
            {
                builder.UseSetting("DataProtection:CertificatePath", certificatePath);
                builder.UseSetting("DataProtection:CertificatePassword", password);
            }
        }

        public IDataProtector Protector() => Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
    }

    /// <summary>A self-signed certificate made here, written as a password-protected PFX, as an operator would make one with openssl.</summary>
    private string WritePfx(string name, bool withPrivateKey = true, bool rsa = true)
    {
        var subject = "CN=MppSurvey data protection (test)";
        using var rsaKey = RSA.Create(2048);
        using var ecKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = rsa
            ? new CertificateRequest(subject, rsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, ecKey, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var exported = withPrivateKey ? certificate : X509CertificateLoader.LoadCertificate(certificate.RawData);
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllBytes(path, exported.Export(X509ContentType.Pkcs12, Password));
        return path;
    }

    [Fact]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_only_an_instance_with_the_same_certificate_reads_them()
    {
        var pfx = WritePfx("keys.pfx");
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        try
        {
            string payload;
            await using (var first = new KeyApp(connectionString, pfx, Password))
            {
                payload = first.Protector().Protect("sesi petugas MPP");

                await using var scope = first.Services.CreateAsyncScope();
                var keys = await scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>().DataProtectionKeys
                    .AsNoTracking().Select(k => k.Xml!).ToListAsync();
                Assert.NotEmpty(keys);
                Assert.All(keys, xml =>
                {
                    Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
                    Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal);
                    // Unprotected keys carry the secret as <masterKey><value>base64</value></masterKey>.
                    Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
                    Assert.DoesNotContain("unencrypted", xml, StringComparison.Ordinal);
                });
            }

            // Another node (or the app restored from a backup) with the same certificate.
            await using (var second = new KeyApp(connectionString, pfx, Password))
            {
                Assert.Equal("sesi petugas MPP", second.Protector().Unprotect(payload));
            }

            // Without the certificate the database alone is not enough.
            await using (var without = new KeyApp(connectionString, null, null))
            {
                Assert.ThrowsAny<CryptographicException>(() => without.Protector().Unprotect(payload));
            }
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public void A_wrong_password_is_one_sentence_naming_both_settings_and_not_the_password()
    {
        var pfx = WritePfx("keys.pfx");

        var e = Assert.Throws<StartupException>(() => KeyProtectionHosting.LoadCertificate(pfx, "salah"));

        Assert.Equal("DataProtection:CertificatePath (DataProtection__CertificatePath) cannot be opened with "
            + "DataProtection:CertificatePassword (DataProtection__CertificatePassword): the password is wrong, "
            + $"or \"{pfx}\" is not a PFX (PKCS#12) file.", e.Message);
        Assert.DoesNotContain("salah", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_certificate_is_the_same_sentence()
    {
        var path = Path.Combine(_folder.FullName, "not-a.pfx");
        File.WriteAllText(path, "-----BEGIN NOTHING-----\n");

        var e = Assert.Throws<StartupException>(() => KeyProtectionHosting.LoadCertificate(path, Password));

        Assert.StartsWith("DataProtection:CertificatePath (DataProtection__CertificatePath) cannot be opened", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_without_its_private_key_is_refused_with_one_sentence()
    {
        var pfx = WritePfx("public-only.pfx", withPrivateKey: false);

        var e = Assert.Throws<StartupException>(() => KeyProtectionHosting.LoadCertificate(pfx, Password));

        Assert.Equal("DataProtection:CertificatePath (DataProtection__CertificatePath) holds a certificate without its private key, "
            + $"which is needed to read the keys back; export the PFX with the private key (it is \"{pfx}\").", e.Message);
    }

    [Fact]
    public void A_certificate_with_an_elliptic_curve_key_is_refused_because_keys_are_encrypted_with_RSA()
    {
        var pfx = WritePfx("ecdsa.pfx", rsa: false);

        var e = Assert.Throws<StartupException>(() => KeyProtectionHosting.LoadCertificate(pfx, Password));

        Assert.StartsWith("DataProtection:CertificatePath (DataProtection__CertificatePath) holds a certificate whose key is not RSA", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_good_certificate_is_loaded_with_its_private_key()
    {
        var pfx = WritePfx("keys.pfx");

        using var certificate = KeyProtectionHosting.LoadCertificate(pfx, Password);

        Assert.True(certificate.HasPrivateKey);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}

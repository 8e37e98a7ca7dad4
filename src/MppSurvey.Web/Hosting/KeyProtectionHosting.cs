using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using MppSurvey.Core.Database;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// Section `DataProtection`: `CertificatePath` (a PFX file holding an RSA certificate with its private
/// key) and `CertificatePassword`. When set, the data-protection keys (which sign login cookies,
/// antiforgery and password-reset tokens) are encrypted with the certificate before they are stored in
/// PostgreSQL, so a database dump or backup alone cannot forge a session. Every node, and a restore,
/// needs the same certificate to read them. Unset: the keys are stored as they are (the default).
/// </summary>
public sealed class KeyProtectionOptions
{
    public const string Section = "DataProtection";

    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public static void Check(KeyProtectionOptions o, SettingChecks c)
    {
        if (string.IsNullOrWhiteSpace(o.CertificatePath) && !string.IsNullOrEmpty(o.CertificatePassword))
        {
            c.Fail("CertificatePassword", $"is set but {c.Name("CertificatePath")} is not, so the keys would be stored unencrypted; set the path of the PFX file too");
        }
    }
}

public static class KeyProtectionHosting
{
    /// <summary>The certificate is loaded now, before the host is built: a missing file or wrong password is one sentence at start-up, not a failure at the first sign-in.</summary>
    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        var settings = Settings.ReadNow<KeyProtectionOptions>(configuration, KeyProtectionOptions.Section, KeyProtectionOptions.Check);
        builder.Services.AddSettings<KeyProtectionOptions>(KeyProtectionOptions.Section, KeyProtectionOptions.Check);
        return string.IsNullOrWhiteSpace(settings.CertificatePath)
            ? builder
            // Encrypts new keys and registers the certificate for decrypting them, without the machine's certificate store.
            : builder.ProtectKeysWithCertificate(LoadCertificate(settings.CertificatePath, settings.CertificatePassword));
    }

    internal static X509Certificate2 LoadCertificate(string path, string? password)
    {
        var setting = Settings.Name(KeyProtectionOptions.Section + ":CertificatePath");
        if (!File.Exists(path))
        {
            throw new StartupException($"{setting} names a file that does not exist (it is {Settings.Quote(path)}).");
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(password) ? null : password);
        }
        catch (CryptographicException e)
        {
            // The password is never repeated: it is a secret, and the operator knows which one was meant.
            throw new StartupException($"{setting} cannot be opened with {Settings.Name(KeyProtectionOptions.Section + ":CertificatePassword")}: "
                + $"the password is wrong, or {Settings.Quote(path)} is not a PFX (PKCS#12) file.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StartupException($"{setting} names a file this process's user may not read (it is {Settings.Quote(path)}).", e);
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new StartupException($"{setting} holds a certificate without its private key, which is needed to read the keys back; export the PFX with the private key (it is {Settings.Quote(path)}).");
        }
        using (var rsa = certificate.GetRSAPrivateKey())
        {
            if (rsa is null)
            {
                certificate.Dispose();
                throw new StartupException($"{setting} holds a certificate whose key is not RSA, and keys are encrypted with RSA only (it is {Settings.Quote(path)}).");
            }
        }
        return certificate;
    }
}

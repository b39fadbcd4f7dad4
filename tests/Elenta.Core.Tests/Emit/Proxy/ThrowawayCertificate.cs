using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Elenta.Core.Tests.Emit.Proxy;

/// <summary>
/// A self-signed certificate and key made by openssl for one test, in a temp directory removed on
/// dispose, for the names given (subjectAltName DNS entries, wildcards allowed).
/// </summary>
internal sealed partial class ThrowawayCertificate : IDisposable
{
    public ThrowawayCertificate(params string[] names)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("elenta-cert-").FullName;
        CertificateFile = Path.Combine(Directory, "fullchain.pem");
        KeyFile = Path.Combine(Directory, "privkey.pem");
        ExternalTool.Run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=" + names[0],
            "-addext", "subjectAltName=" + string.Join(",", names.Select(n => "DNS:" + n)),
            "-keyout", KeyFile, "-out", CertificateFile).AssertOk("openssl req");
        Certificate = X509Certificate2.CreateFromPem(File.ReadAllText(CertificateFile));
    }

    public string Directory { get; }

    public string CertificateFile { get; }

    public string KeyFile { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>An emitted configuration with every certificate and key path pointed at this certificate's files.</summary>
    public string InstalledIn(string nginxConfig) =>
        CertificateLine().Replace(KeyLine().Replace(nginxConfig, "ssl_certificate_key " + KeyFile + ";"), "ssl_certificate " + CertificateFile + ";");

    public void Dispose()
    {
        Certificate.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    [GeneratedRegex(@"ssl_certificate [^;\s]+;")]
    private static partial Regex CertificateLine();

    [GeneratedRegex(@"ssl_certificate_key [^;\s]+;")]
    private static partial Regex KeyLine();
}

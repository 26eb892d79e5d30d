using System.Security.Cryptography.X509Certificates;

namespace Loop.Engine.Spec;

/// <summary><c>exporter.tls</c>: a PEM certificate and its PEM private key, read once when the spec is loaded.</summary>
/// <param name="Certificate">The certificate file.</param>
/// <param name="Key">The private key file.</param>
internal sealed record ExporterTls(string Certificate, string Key)
{
    /// <summary>Loads the pair; what is wrong with it (a missing file, a key that does not match) throws with the reason.</summary>
    public X509Certificate2 Load()
    {
        using var pem = X509Certificate2.CreateFromPemFile(Certificate, Key);

        // Exported and read back: a certificate made from PEM keeps an ephemeral key Kestrel cannot always use.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}

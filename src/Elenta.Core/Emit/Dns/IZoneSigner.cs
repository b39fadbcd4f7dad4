namespace Elenta.Core.Emit.Dns;

/// <summary>
/// Signs a public zone with DNSSEC, with the zone's key: made once and kept with the site's secrets,
/// never in the build (ldns-keygen and ldns-signzone, in Elenta.Output). Core decides when to sign
/// (<see cref="SignaturePolicy"/>); the signer does the cryptography.
/// </summary>
public interface IZoneSigner
{
    /// <param name="origin">The zone, without the final dot.</param>
    /// <param name="zone">The unsigned zone file.</param>
    ZoneSignature Sign(string origin, byte[] zone, DateTime inception, DateTime expiration);
}

/// <summary>A signed zone file and the DS records of its key for the registrar; or why it could not be signed.</summary>
public sealed record ZoneSignature(byte[]? Signed, string? Ds, string? Error);

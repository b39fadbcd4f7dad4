using System.Buffers.Binary;
using System.Text;

namespace Elenta.Core.Model.Values;

/// <summary>
/// An OpenSSH public key: its type and base64 blob (the comment is dropped). Parsing checks what
/// can be checked without crypto: a known type, valid base64, and a blob that starts with the
/// same type name (every OpenSSH key blob does), which catches truncated or mismatched pastes.
/// </summary>
public sealed record PublicKey(string Type, string Base64)
{
    private static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal)
    {
        "ssh-ed25519",
        "ssh-rsa",
        "ssh-dss",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    };

    public override string ToString() => $"{Type} {Base64}";

    public static bool TryParse(string text, out PublicKey key, out string why)
    {
        key = new PublicKey(string.Empty, string.Empty);
        var parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            why = "expected a key type and a base64 key separated by a space";
            return false;
        }

        var (type, base64) = (parts[0], parts[1]);
        if (!KnownTypes.Contains(type))
        {
            why = $"'{type}' is not an SSH key type (expected one of {string.Join(", ", KnownTypes.Order(StringComparer.Ordinal))})";
            return false;
        }

        var blob = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, blob, out var length))
        {
            why = "the key is not valid base64";
            return false;
        }

        if (!BlobNames(blob.AsSpan(0, length), type))
        {
            why = $"the base64 key is not a {type} key (truncated, or pasted under the wrong type)";
            return false;
        }

        key = new PublicKey(type, base64);
        why = string.Empty;
        return true;
    }

    /// <summary>An SSH key blob starts with its type as a length-prefixed string (RFC 4253, 6.6).</summary>
    private static bool BlobNames(ReadOnlySpan<byte> blob, string type)
    {
        if (blob.Length < 4)
        {
            return false;
        }

        var nameLength = BinaryPrimitives.ReadUInt32BigEndian(blob);
        return nameLength <= (uint)(blob.Length - 4) && Encoding.ASCII.GetString(blob.Slice(4, (int)nameLength)) == type;
    }
}

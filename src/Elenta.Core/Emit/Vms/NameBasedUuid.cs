using System.Security.Cryptography;
using System.Text;

namespace Elenta.Core.Emit.Vms;

/// <summary>
/// RFC 9562 version-5 (SHA-1, name-based) UUIDs, so a VM keeps its UUID across builds without
/// storing one: the same namespace and name always give the same UUID.
/// </summary>
public static class NameBasedUuid
{
    /// <summary>The RFC's URL namespace; Elenta's names are URLs such as elenta://site/vms/barge.</summary>
    public static readonly Guid UrlNamespace = new("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    public static Guid Create(Guid ns, string name)
    {
        // Hashed a whole site's VMs at a time: the input lives on the stack when it is small, and the
        // digest always does.
        var length = 16 + Encoding.UTF8.GetByteCount(name);
        Span<byte> input = length <= 512 ? stackalloc byte[length] : new byte[length];
        ns.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    public static Guid ForVm(string site, string vm) => Create(UrlNamespace, $"elenta://{site}/vms/{vm}");
}

using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Elenta.Bench.SiteGen;

/// <summary>
/// Keeps the site's ZFS host ids apart. Elenta derives a machine's host id from its name (the first
/// four bytes of SHA-256 of <c>elenta-host-id/NAME</c>, docs/views.md) and reports two machines with
/// one id (EL9221); among the 300,000 machines of 100,000 hosts a few 32-bit ids collide. Then the
/// later host gets an explicit <c>hostId</c>, and the later VM or container a name with a suffix.
/// Below a few tens of thousands of hosts nothing collides, so the site is as it always was.
/// </summary>
internal sealed class MachineIds
{
    public MachineIds(int hosts, Func<int, string> hostName)
    {
        var taken = new HashSet<uint>();
        var collidingHosts = new List<int>();
        for (var i = 0; i < hosts; i++)
        {
            if (!taken.Add(Derived(hostName(i))))
            {
                collidingHosts.Add(i);
            }
        }

        foreach (var prefix in new[] { "vm", "wk" })
        {
            for (var i = 0; i < hosts; i++)
            {
                var name = $"{prefix}{i:D6}";
                var actual = name;
                for (var suffix = 'b'; !taken.Add(Derived(actual)); suffix++)
                {
                    actual = name + suffix;
                }

                if (actual != name)
                {
                    Names[name] = actual;
                }
            }
        }

        uint next = 0x10000000;
        foreach (var i in collidingHosts)
        {
            while (!taken.Add(next))
            {
                next++;
            }

            GivenHostIds[i] = next.ToString("x8", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Host index to the explicit host id it is given.</summary>
    public Dictionary<int, string> GivenHostIds { get; } = [];

    /// <summary>A VM's or container's plain name to the name it is given instead.</summary>
    public Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal);

    private static uint Derived(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("elenta-host-id/" + name));
        for (var i = 0; i + 4 <= hash.Length; i += 4)
        {
            var word = BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(i, 4));
            if (word != 0)
            {
                return word;
            }
        }

        return 1;
    }
}

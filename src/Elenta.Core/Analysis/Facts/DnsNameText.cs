using System.Globalization;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Analysis.Facts;

/// <summary>Small, pure operations on DNS names as the site writes them.</summary>
public static class DnsNameText
{
    /// <summary>The form names are compared in: lower case, no trailing dot (DNS is case-insensitive).</summary>
    public static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>
    /// The full name of a record set, by the zone-file rules the emitter uses: <c>@</c> is the apex,
    /// a name ending in a dot is absolute, anything else is relative to the domain.
    /// </summary>
    public static string RecordName(string recordName, string domain) =>
        recordName == "@" ? Normalize(domain) : Target(recordName, domain);

    /// <summary>
    /// The name a record's target (CNAME, MX, NS, SRV data) designates, by the master-file rules the
    /// DNS emitter writes it with: a trailing dot makes it absolute, anything else (<c>www</c>,
    /// <c>mail.sub</c>) is relative to the record's domain, and <c>@</c> is the domain itself. So
    /// <c>mail.example.org</c> without its dot means <c>mail.example.org.&lt;domain&gt;</c>, as the
    /// published zone will say, and the rules check that name.
    /// </summary>
    public static string Target(string target, string domain)
    {
        var t = target.Trim();
        if (t == "@")
        {
            return Normalize(domain);
        }

        return t.EndsWith('.') ? Normalize(t) : Normalize(t + "." + domain);
    }

    /// <summary>
    /// The host name in MX (<c>10 mail</c>), SRV (<c>0 5 5060 sip</c>) or NS data: the last word, the
    /// fields separated by spaces or tabs as in a zone file.
    /// </summary>
    public static string? TargetOfData(string data)
    {
        // Split(' ', '\t', options) would be Split(char, int count, options): tabs kept, at most 9 words.
        var words = data.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? null : words[^1];
    }

    /// <summary>The rightmost label: the TLD.</summary>
    public static string Tld(string name)
    {
        var n = Normalize(name);
        var dot = n.LastIndexOf('.');
        return dot < 0 ? n : n[(dot + 1)..];
    }

    /// <summary>The name itself and each of its ancestors: a.b.c, b.c, c.</summary>
    public static IEnumerable<string> SelfAndAncestors(string name)
    {
        var n = Normalize(name);
        while (n.Length > 0)
        {
            yield return n;
            var dot = n.IndexOf('.');
            if (dot < 0)
            {
                yield break;
            }

            n = n[(dot + 1)..];
        }
    }

    /// <summary>The address a reverse-zone name stands for: 10.0.255.10.in-addr.arpa is 10.255.0.10.</summary>
    public static IpAddress? AddressOfReverseName(string name)
    {
        var n = Normalize(name);
        if (n.EndsWith(".in-addr.arpa", StringComparison.Ordinal))
        {
            var labels = n[..^".in-addr.arpa".Length].Split('.');
            if (labels.Length != 4)
            {
                return null;
            }

            UInt128 value = 0;
            for (var i = labels.Length - 1; i >= 0; i--)
            {
                if (!byte.TryParse(labels[i], NumberStyles.None, CultureInfo.InvariantCulture, out var octet))
                {
                    return null;
                }

                value = (value << 8) | octet;
            }

            return new IpAddress(value, false);
        }

        if (n.EndsWith(".ip6.arpa", StringComparison.Ordinal))
        {
            var nibbles = n[..^".ip6.arpa".Length].Split('.');
            if (nibbles.Length != 32)
            {
                return null;
            }

            UInt128 value = 0;
            for (var i = nibbles.Length - 1; i >= 0; i--)
            {
                if (nibbles[i].Length != 1 || !int.TryParse(nibbles[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var nibble))
                {
                    return null;
                }

                value = (value << 4) | (uint)nibble;
            }

            return new IpAddress(value, true);
        }

        return null;
    }
}

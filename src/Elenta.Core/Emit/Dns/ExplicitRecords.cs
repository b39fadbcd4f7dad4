using System.Text;
using Elenta.Core.Model;

namespace Elenta.Core.Emit.Dns;

/// <summary>
/// The records a site writes by hand under <c>domains.&lt;zone&gt;.records</c>, in zone-file terms.
/// Names and targets follow master-file rules: <c>@</c> is the apex, a name without a trailing dot
/// is relative to the zone, a name with one is absolute. Explicit records win: a generated record
/// is dropped when the site already defines any record at its name (<see cref="Shadow"/>).
/// </summary>
public static class ExplicitRecords
{
    public static IReadOnlyList<DnsRecord> Of(Domain? domain)
    {
        if (domain is null)
        {
            return [];
        }

        var list = new List<DnsRecord>();
        foreach (var set in domain.Records)
        {
            var owner = Relative(set.Name, domain.Name);
            void Add(string type, string data) => list.Add(new DnsRecord(owner, type, data, set.Ttl));
            set.A.ToList().ForEach(a => Add("A", a.ToString()));
            set.Aaaa.ToList().ForEach(a => Add("AAAA", a.ToString()));
            if (set.Cname is { } cname)
            {
                Add("CNAME", cname);
            }

            set.Mx.ToList().ForEach(v => Add("MX", v));
            set.Txt.ToList().ForEach(v => Add("TXT", QuoteText(v)));
            set.Ns.ToList().ForEach(v => Add("NS", v));
            set.Srv.ToList().ForEach(v => Add("SRV", v));
            if (set.Ptr is { } ptr)
            {
                Add("PTR", ptr);
            }
        }

        return list;
    }

    /// <summary>
    /// Generated records, minus those at a name the explicit records already use (the site's own
    /// records win, and a CNAME may not share its name with anything else).
    /// </summary>
    public static IEnumerable<DnsRecord> Shadow(IEnumerable<DnsRecord> generated, IReadOnlyList<DnsRecord> explicitRecords)
    {
        if (explicitRecords.Count == 0)
        {
            return generated;
        }

        var taken = explicitRecords.Select(r => r.Owner.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        return generated.Where(r => !taken.Contains(r.Owner.ToLowerInvariant()));
    }

    /// <summary>A record name relative to the zone: "@" for the apex, absolute names inside the zone made relative.</summary>
    public static string Relative(string name, string zone)
    {
        if (name is "@" or "")
        {
            return "@";
        }

        if (!name.EndsWith('.'))
        {
            return name;
        }

        var absolute = name.TrimEnd('.');
        if (!Semantics.DnsNames.IsInZone(absolute, zone))
        {
            return name;
        }

        return absolute.Length == zone.Length ? "@" : absolute[..^(zone.Length + 1)];
    }

    /// <summary>TXT data as quoted character strings of at most 255 bytes each; already-quoted text is kept as written.</summary>
    public static string QuoteText(string text)
    {
        if (text.StartsWith('"'))
        {
            return text;
        }

        var parts = new List<string>();
        var current = new StringBuilder();
        var bytes = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var piece = rune.Value switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ => rune.ToString(),
            };
            var size = rune.Utf8SequenceLength;
            if (bytes + size > 255)
            {
                parts.Add(current.ToString());
                current.Clear();
                bytes = 0;
            }

            current.Append(piece);
            bytes += size;
        }

        parts.Add(current.ToString());
        return string.Join(' ', parts.Select(p => "\"" + p + "\""));
    }
}

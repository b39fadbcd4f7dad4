namespace Elenta.Core.Emit.Dns;

/// <summary>
/// The order records are written in, so the same zone always gives the same bytes: the apex first,
/// then owners in DNS tree order (labels compared from the right, numbers as numbers, so
/// <c>ifrit</c> is followed by <c>condorcet.ifrit</c> and <c>9</c> comes before <c>10</c>), then by
/// type, then by data.
/// </summary>
/// <remarks>
/// A zone holds tens of thousands of records, so owners are not taken apart on every comparison:
/// each distinct label is ranked once (<see cref="LabelOrder"/>), each owner becomes its labels from
/// the right, and the records are then sorted on the labels' ranks.
/// </remarks>
public static class RecordOrder
{
    private static readonly string[] TypeOrder = ["SOA", "NS", "A", "AAAA", "CNAME", "MX", "TXT", "SRV", "PTR"];

    /// <summary>The records in this order; records that tie (they differ only in TTL) keep the order the sort has always given them.</summary>
    public static List<DnsRecord> Sort(IReadOnlyList<DnsRecord> records)
    {
        var labels = new Dictionary<string, RankedLabel>(StringComparer.Ordinal);
        var owners = new Dictionary<string, OwnerKey>(StringComparer.Ordinal) { ["@"] = OwnerKey.Apex };
        var keyed = new Keyed[records.Count];
        for (var i = 0; i < keyed.Length; i++)
        {
            var r = records[i];
            if (!owners.TryGetValue(r.Owner, out var owner))
            {
                var split = r.Owner.Split('.');
                var fromRight = new RankedLabel[split.Length];
                for (var j = 0; j < split.Length; j++)
                {
                    if (!labels.TryGetValue(split[j], out var label))
                    {
                        label = new RankedLabel(split[j]);
                        labels[split[j]] = label;
                    }

                    fromRight[split.Length - 1 - j] = label;
                }

                owner = new OwnerKey(false, fromRight);
                owners[r.Owner] = owner;
            }

            keyed[i] = new Keyed(owner, TypeRank(r.Type), r);
        }

        LabelOrder.Rank(labels.Values);

        // Array.Sort is the sort List<T>.Sort runs: on the same input order it leaves ties where they always were.
        Array.Sort(keyed, Keyed.Compare);
        var sorted = new List<DnsRecord>(keyed.Length);
        foreach (var k in keyed)
        {
            sorted.Add(k.Record);
        }

        return sorted;
    }

    private static int TypeRank(string type)
    {
        var i = Array.IndexOf(TypeOrder, type);
        return i < 0 ? TypeOrder.Length : i;
    }

    /// <summary>An owner as it sorts: the apex first, then by the ranks of its labels from the right, then the shorter name first.</summary>
    private sealed record OwnerKey(bool IsApex, RankedLabel[] FromRight)
    {
        public static OwnerKey Apex { get; } = new(true, []);

        public static int Compare(OwnerKey a, OwnerKey b)
        {
            if (ReferenceEquals(a, b))
            {
                return 0;
            }

            if (a.IsApex || b.IsApex)
            {
                return a.IsApex ? -1 : 1;
            }

            var ra = a.FromRight;
            var rb = b.FromRight;
            for (var i = 0; i < ra.Length && i < rb.Length; i++)
            {
                if (ra[i].Rank != rb[i].Rank)
                {
                    return ra[i].Rank.CompareTo(rb[i].Rank);
                }
            }

            return ra.Length.CompareTo(rb.Length);
        }
    }

    /// <summary>A record with its owner and type turned into numbers.</summary>
    private readonly record struct Keyed(OwnerKey Owner, int TypeRank, DnsRecord Record)
    {
        public static int Compare(Keyed x, Keyed y)
        {
            if (ReferenceEquals(x.Record, y.Record))
            {
                return 0;
            }

            var byOwner = OwnerKey.Compare(x.Owner, y.Owner);
            if (byOwner != 0)
            {
                return byOwner;
            }

            var byType = x.TypeRank.CompareTo(y.TypeRank);
            if (byType != 0)
            {
                return byType;
            }

            var byTypeName = string.CompareOrdinal(x.Record.Type, y.Record.Type);
            return byTypeName != 0 ? byTypeName : string.CompareOrdinal(x.Record.Data, y.Record.Data);
        }
    }
}

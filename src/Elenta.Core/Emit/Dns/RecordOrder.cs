namespace Elenta.Core.Emit.Dns;

/// <summary>
/// The order records are written in, so the same zone always gives the same bytes: the apex first,
/// then owners in DNS tree order (labels compared from the right, numbers as numbers, so
/// <c>ifrit</c> is followed by <c>condorcet.ifrit</c> and <c>9</c> comes before <c>10</c>), then by
/// type, then by data.
/// </summary>
public sealed class RecordOrder : IComparer<DnsRecord>
{
    public static RecordOrder Instance { get; } = new();

    private static readonly string[] TypeOrder = ["SOA", "NS", "A", "AAAA", "CNAME", "MX", "TXT", "SRV", "PTR"];

    public int Compare(DnsRecord? x, DnsRecord? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var byOwner = CompareOwners(x.Owner, y.Owner);
        if (byOwner != 0)
        {
            return byOwner;
        }

        var byType = TypeRank(x.Type).CompareTo(TypeRank(y.Type));
        if (byType != 0)
        {
            return byType;
        }

        var byTypeName = string.CompareOrdinal(x.Type, y.Type);
        return byTypeName != 0 ? byTypeName : string.CompareOrdinal(x.Data, y.Data);
    }

    public static int CompareOwners(string a, string b)
    {
        if (a == b)
        {
            return 0;
        }

        if (a == "@" || b == "@")
        {
            return a == "@" ? -1 : 1;
        }

        var la = a.Split('.');
        var lb = b.Split('.');
        for (int i = la.Length - 1, j = lb.Length - 1; i >= 0 && j >= 0; i--, j--)
        {
            var c = CompareLabels(la[i], lb[j]);
            if (c != 0)
            {
                return c;
            }
        }

        return la.Length.CompareTo(lb.Length);
    }

    /// <summary>Numbers before words and in numeric order; words case-insensitively, then by case.</summary>
    private static int CompareLabels(string a, string b)
    {
        var aIsNumber = ulong.TryParse(a, out var na);
        var bIsNumber = ulong.TryParse(b, out var nb);
        if (aIsNumber != bIsNumber)
        {
            return aIsNumber ? -1 : 1;
        }

        if (aIsNumber && na != nb)
        {
            return na.CompareTo(nb);
        }

        var c = string.CompareOrdinal(a.ToLowerInvariant(), b.ToLowerInvariant());
        return c != 0 ? c : string.CompareOrdinal(a, b);
    }

    private static int TypeRank(string type)
    {
        var i = Array.IndexOf(TypeOrder, type);
        return i < 0 ? TypeOrder.Length : i;
    }
}

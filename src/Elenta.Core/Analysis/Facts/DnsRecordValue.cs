using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Facts;

/// <summary>One value of one record type at a name, with where it was written.</summary>
public sealed record DnsRecordValue(string Type, string Text, object? Parsed, Location Location)
{
    /// <summary>The record types a record set can hold, in the schema's spelling.</summary>
    public static readonly IReadOnlyList<string> Types = ["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "PTR"];

    /// <summary>Every value of one type in a record set (a single value or each item of a list).</summary>
    public static IReadOnlyList<DnsRecordValue> Of(RecordSet records, string type)
    {
        switch (records.Node[type])
        {
            case MergedSequence seq:
                return seq.Items.OfType<MergedScalar>().Where(s => !s.IsNull).Select(s => new DnsRecordValue(type, s.Text, s.Parsed, s.Location)).ToList();
            case MergedScalar { IsNull: false } s:
                return [new DnsRecordValue(type, s.Text, s.Parsed, s.Location)];
            default:
                return [];
        }
    }
}

namespace Elenta.Core.Semantics;

/// <summary>
/// The rules for DNS labels and names (RFC 1035, RFC 1123), in one place: binding checks the names
/// of hosts, canon addresses, instances, subdomains and domains with them (EL2008), analysis the
/// names of record sets and every published name (EL5006).
/// </summary>
public static class DnsNames
{
    public const int MaxLabel = 63;
    public const int MaxName = 253;

    /// <summary>A host-name label: 1 to 63 letters, digits and '-', not starting or ending with '-'.</summary>
    public static bool IsValidLabel(string label, out string why) => Valid(WhyInvalidLabel(label, records: false, leftmost: true), out why);

    /// <summary>A domain of the site: host-name labels in lower case, at most 253 characters, without a final dot.</summary>
    public static bool IsValidDomain(string name, out string why)
    {
        // A domain of the site is written as zone files and paths name it: one spelling only. DNS
        // compares names without case, so Example.internal and example.internal would be one zone
        // written twice; a final dot would end a file name in "..zone".
        if (name.EndsWith('.'))
        {
            return Valid($"write it without its final dot ({name.TrimEnd('.')})", out why);
        }

        if (name.Any(char.IsAsciiLetterUpper))
        {
            return Valid($"DNS names have no case: write it in lower case ({name.ToLowerInvariant()})", out why);
        }

        return Valid(WhyTooLong(name) ?? WhyInvalidLabels(name, records: false), out why);
    }

    /// <summary>
    /// Why the name of a record set is not one, or null: its labels may also be service labels
    /// (<c>_dmarc</c>, <c>_sip._tcp</c>) and the leftmost may be the wildcard <c>*</c>; one final
    /// dot marks an absolute name (zone-file rules), not an empty label.
    /// </summary>
    public static string? WhyInvalidRecordName(string name) => WhyInvalidLabels(name.EndsWith('.') ? name[..^1] : name, records: true);

    /// <summary>Whether <paramref name="name"/> (absolute, its final dot left out) is <paramref name="zone"/> or a name below it; DNS names have no case.</summary>
    public static bool IsInZone(string name, string zone) =>
        string.Equals(name, zone, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + zone, StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a whole name is too long for DNS, or null.</summary>
    public static string? WhyTooLong(string name) =>
        name.Length > MaxName ? $"it is {name.Length} characters long, over the {MaxName} a DNS name may have" : null;

    private static bool Valid(string? problem, out string why)
    {
        why = problem ?? string.Empty;
        return problem is null;
    }

    private static string? WhyInvalidLabels(string name, bool records)
    {
        var labels = name.Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            var why = labels[i].Length == 0
                ? "it has an empty label (two dots in a row, or a dot at one end)"
                : WhyInvalidLabel(labels[i], records, leftmost: i == 0);
            if (why is not null)
            {
                return why;
            }
        }

        return null;
    }

    private static string? WhyInvalidLabel(string label, bool records, bool leftmost)
    {
        if (label.Length == 0)
        {
            return "it is empty";
        }

        if (label.Length > MaxLabel)
        {
            return $"label '{label[..12]}...' is {label.Length} characters long, over the {MaxLabel} a DNS label may have";
        }

        if (records && label == "*")
        {
            return leftmost ? null : "'*' is a wildcard only as the leftmost label";
        }

        foreach (var c in label)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || (records && c == '_')))
            {
                return $"'{c}' is not allowed in a DNS label";
            }
        }

        return label[0] == '-' || label[^1] == '-' ? $"label '{label}' starts or ends with '-'" : null;
    }
}

namespace Elenta.Core.Semantics;

/// <summary>The rules for DNS labels and names (RFC 1035 and RFC 1123).</summary>
public static class DnsNames
{
    public static bool IsValidLabel(string label, out string why)
    {
        why = string.Empty;
        if (label.Length == 0)
        {
            why = "it is empty";
            return false;
        }

        if (label.Length > 63)
        {
            why = $"it is {label.Length} characters long, over the 63 a DNS label may have";
            return false;
        }

        foreach (var c in label)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                why = $"'{c}' is not allowed in a DNS label";
                return false;
            }
        }

        if (label[0] == '-' || label[^1] == '-')
        {
            why = "a label may not start or end with '-'";
            return false;
        }

        return true;
    }

    public static bool IsValidDomain(string name, out string why)
    {
        var trimmed = name.TrimEnd('.');
        if (trimmed.Length > 253)
        {
            why = $"it is {trimmed.Length} characters long, over the 253 a DNS name may have";
            return false;
        }

        foreach (var label in trimmed.Split('.'))
        {
            if (!IsValidLabel(label, out why))
            {
                return false;
            }
        }

        why = string.Empty;
        return true;
    }
}

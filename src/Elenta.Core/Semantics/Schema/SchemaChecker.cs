using System.Globalization;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Semantics.Schema;

/// <summary>
/// Checks the merged tree against <see cref="SiteSchema"/>: unknown keys (with a suggestion), wrong
/// kinds of value, missing required fields, and values that do not parse. Parsed values are stored
/// on the scalars so the binder never parses twice. Every problem is reported; nothing stops early.
/// </summary>
public static class SchemaChecker
{
    public static void Check(MergedMapping root, DiagnosticBag diagnostics) => CheckNode(root, SiteSchema.Site, diagnostics);

    /// <summary>
    /// Thousands of hosts or instances: independent subtrees, checked side by side (diagnostics are
    /// sorted at the end, so the order they arrive in does not matter). A method of its own, so the
    /// lambda's closure is made per map, not on every call of <see cref="CheckNode"/>.
    /// </summary>
    private static void CheckEntries(MergedMapping map, SchemaType values, DiagnosticBag diagnostics) =>
        SideBySide.For(map.Count, i => CheckNode(map.ValueAt(i), values, diagnostics));

    private static void CheckNode(MergedNode node, SchemaType type, DiagnosticBag diagnostics)
    {
        switch (type)
        {
            case ObjectType obj:
                if (node is MergedScalar { IsNull: true })
                {
                    return;
                }

                if (node is not MergedMapping map)
                {
                    diagnostics.Add(Messages.WrongTypeError(node.Location, node.Path, "a mapping (" + obj.Description.TrimEnd('.') + ")", Describe(node)));
                    return;
                }

                foreach (var (key, child) in map.Entries)
                {
                    var field = obj.Find(key);
                    if (field is null)
                    {
                        var suggestion = Suggest.Closest(key, obj.Fields.Select(f => f.Name));
                        diagnostics.Add(Messages.UnknownKeyError(child.KeyLocation ?? child.Location, key, Where(map, obj), suggestion, obj.Fields.Select(f => f.Name)));
                        continue;
                    }

                    if (field.Required && child is MergedScalar { IsNull: true })
                    {
                        diagnostics.Add(Messages.MissingRequiredError(child.KeyLocation ?? child.Location, key, Where(map, obj)));
                        continue;
                    }

                    CheckNode(child, field.Type, diagnostics);
                }

                foreach (var field in obj.RequiredFields)
                {
                    if (map[field.Name] is null)
                    {
                        diagnostics.Add(Messages.MissingRequiredError(map.KeyLocation ?? map.Location, field.Name, Where(map, obj)));
                    }
                }

                return;

            case MapType mapType:
                if (node is MergedScalar { IsNull: true })
                {
                    return;
                }

                if (node is not MergedMapping m)
                {
                    diagnostics.Add(Messages.WrongTypeError(node.Location, node.Path, "a mapping of " + mapType.Description, Describe(node)));
                    return;
                }

                CheckEntries(m, mapType.Values, diagnostics);
                return;

            case ListType listType:
                if (node is MergedScalar { IsNull: true })
                {
                    return;
                }

                if (node is not MergedSequence seq)
                {
                    diagnostics.Add(Messages.WrongTypeError(node.Location, node.Path, "a list of " + listType.Description, Describe(node)));
                    return;
                }

                foreach (var item in seq.Items)
                {
                    CheckNode(item, listType.Items, diagnostics);
                }

                return;

            case OneOrManyType many:
                if (node is MergedSequence items)
                {
                    foreach (var item in items.Items)
                    {
                        CheckNode(item, many.Item, diagnostics);
                    }
                }
                else
                {
                    CheckNode(node, many.Item, diagnostics);
                }

                return;

            case ScalarType scalar:
                if (node is not MergedScalar value)
                {
                    diagnostics.Add(Messages.WrongTypeError(node.Location, node.Path, scalar.Description, Describe(node)));
                    return;
                }

                if (value.IsNull)
                {
                    return;
                }

                value.Parsed = Parse(value, scalar, diagnostics);
                return;

            case AnyType:
                return;
        }
    }

    /// <summary>Parses one scalar as a scalar kind; reports and returns null when it does not parse.</summary>
    public static object? Parse(MergedScalar value, ScalarType scalar, DiagnosticBag diagnostics)
    {
        var text = value.Text;
        switch (scalar.Kind)
        {
            case ScalarKind.String:
            case ScalarKind.Name:
                return text;
            case ScalarKind.Integer:
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    return InRange(value, scalar, l, diagnostics) ? l : null;
                }

                break;
            case ScalarKind.Number:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
                {
                    if (scalar.Min is { } above && d <= above)
                    {
                        ReportOutOfRange(value, scalar, leaveOut: false, diagnostics);
                        return null;
                    }

                    return d;
                }

                break;
            case ScalarKind.Boolean:
                if (text is "true" or "True" or "TRUE")
                {
                    return true;
                }

                if (text is "false" or "False" or "FALSE")
                {
                    return false;
                }

                break;
            case ScalarKind.Size:
                if (ByteSize.TryParse(text, out var size))
                {
                    return InRange(value, scalar, size.Bytes, diagnostics) ? size : null;
                }

                break;
            case ScalarKind.Ip:
                if (IpAddress.TryParse(text, out var ip))
                {
                    return ip;
                }

                diagnostics.Add(Messages.InvalidValueError(value.Location, value.Path, text, scalar.Description, AddressHelp.ForAddress(text)));
                return null;
            case ScalarKind.Cidr:
                if (IpNetwork.TryParse(text, out var net, out var hostBits))
                {
                    if (hostBits)
                    {
                        diagnostics.Add(Messages.InvalidValueError(value.Location, value.Path, text, "a network address: host bits are set", $"did you mean {net}?"));
                        return null;
                    }

                    return net;
                }

                diagnostics.Add(Messages.InvalidValueError(value.Location, value.Path, text, scalar.Description, AddressHelp.ForNetwork(text)));
                return null;
            case ScalarKind.Mac:
                if (MacAddress.TryParse(text, out var mac))
                {
                    // Every MAC of the site is a NIC's: a group address or zeros is a typo or a placeholder.
                    if (mac.WhyNotANic is not { } notNic)
                    {
                        return mac;
                    }

                    diagnostics.Add(Messages.InvalidValueError(value.Location, value.Path, text, "a NIC's MAC address: " + notNic, MacAddress.NicHelp));
                    return null;
                }

                break;
            case ScalarKind.Wwn:
                if (Wwn.TryParse(text, out var wwn))
                {
                    return wwn;
                }

                break;
            case ScalarKind.Port:
                if (PortSpec.TryParse(text, out var port))
                {
                    return port;
                }

                break;
            case ScalarKind.Enum:
                if (scalar.Values!.Contains(text, StringComparer.Ordinal))
                {
                    return text;
                }

                var suggestion = Suggest.Closest(text, scalar.Values!);
                diagnostics.Add(Messages.InvalidValueError(value.Location, value.Path, text, "one of " + string.Join(", ", scalar.Values!),
                    suggestion is null ? null : $"did you mean '{suggestion}'?"));
                return null;
            case ScalarKind.Severity:
                switch (text)
                {
                    case "error": return Severity.Error;
                    case "warning": return Severity.Warning;
                    case "info": return Severity.Info;
                    case "off": return Severity.Off;
                }

                break;
        }

        diagnostics.Add(Messages.InvalidValueError(value.Location, value.Path, text, scalar.Description));
        return null;
    }

    /// <summary>Whether a parsed number lies within the scalar's bounds; reports it, with the bounds as the fix, when not.</summary>
    private static bool InRange(MergedScalar value, ScalarType scalar, long number, DiagnosticBag diagnostics)
    {
        if ((scalar.Min is { } min && number < min) || (scalar.Max is { } max && number > max))
        {
            ReportOutOfRange(value, scalar, leaveOut: number <= 0 && scalar.Min > 0, diagnostics);
            return false;
        }

        return true;
    }

    /// <summary>A number outside its range, with the range as the fix (and, for a zero count or size, leaving the field out).</summary>
    private static void ReportOutOfRange(MergedScalar value, ScalarType scalar, bool leaveOut, DiagnosticBag diagnostics) =>
        diagnostics.Add(Messages.InvalidValueError(value.Location, value.Path, value.Text, $"{scalar.Description} {scalar.RangeText}",
            $"write {scalar.Description} {scalar.RangeText}" + (leaveOut ? ", or leave the field out" : string.Empty)));

    private static string Where(MergedMapping map, ObjectType obj) =>
        map.Parent is null ? "the site" : $"{obj.Name} '{map.Path}'";

    public static string Describe(MergedNode node) => node switch
    {
        MergedMapping => "a mapping",
        MergedSequence => "a list",
        MergedScalar { IsNull: true } => "nothing (null)",
        MergedScalar s => $"'{Truncate(s.Text)}'",
        _ => node.KindName,
    };

    private static string Truncate(string s) => s.Length > 40 ? s[..37] + "..." : s;
}

using System.Text;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Firewall;

/// <summary>
/// The pieces of nftables syntax Elenta writes: address and port sets (normalised, so nft never
/// meets overlapping intervals in one set), comments nft accepts (ASCII, no quote, 128 bytes at
/// most) and set names from zone names.
/// </summary>
internal static class NftText
{
    /// <summary>nft refuses a rule comment longer than this (NFTNL_UDATA_COMMENT_MAXLEN).</summary>
    public const int MaxComment = 128;

    /// <summary>The networks without those another one holds, sorted (<see cref="InputFirewalls.Normalize"/>).</summary>
    public static List<IpNetwork> Normalize(IEnumerable<IpNetwork> networks) => InputFirewalls.Normalize(networks);

    /// <summary>Port ranges of one protocol merged where they touch or overlap, sorted.</summary>
    public static List<PortSpec> Merge(IEnumerable<PortSpec> ports)
    {
        var merged = new List<PortSpec>();
        foreach (var p in ports.OrderBy(p => p.From).ThenBy(p => p.To))
        {
            if (merged.Count > 0 && merged[^1].To + 1 >= p.From)
            {
                merged[^1] = merged[^1] with { To = Math.Max(merged[^1].To, p.To) };
            }
            else
            {
                merged.Add(p);
            }
        }

        return merged;
    }

    public static string Cidr(IpNetwork n) => n.PrefixLength == n.Network.Bits ? n.Network.ToString() : n.ToString();

    /// <summary>One element bare, several in braces: <c>22</c>, <c>{ 53, 80, 8000-8010 }</c>.</summary>
    public static string Set(IReadOnlyList<string> elements) => elements.Count == 1 ? elements[0] : "{ " + string.Join(", ", elements) + " }";

    public static string Ports(IEnumerable<PortSpec> ports) =>
        Set(Merge(ports).Select(p => p.From == p.To ? p.From.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{p.From}-{p.To}").ToList());

    public static string Proto(Protocol protocol) => protocol == Protocol.Tcp ? "tcp" : "udp";

    /// <summary><c> comment "..."</c>: ASCII, double quotes made single, cut to what nft takes.</summary>
    public static string Comment(string text) => AppendComment(new StringBuilder(text.Length + 11), text).ToString();

    /// <summary>Appends <see cref="Comment"/>'s text.</summary>
    public static StringBuilder AppendComment(StringBuilder to, string text)
    {
        // Each character becomes one: a comment too long keeps its first characters and "...".
        var kept = text.Length > MaxComment ? MaxComment - 3 : text.Length;
        to.Append(" comment \"");
        foreach (var c in text.AsSpan(0, kept))
        {
            to.Append(c switch
            {
                '"' => '\'',
                < ' ' or > '~' => '?',
                _ => c,
            });
        }

        return to.Append(kept < text.Length ? "...\"" : "\"");
    }

    /// <summary>One port or range as <see cref="Ports"/> writes it alone: <c>22</c>, <c>8000-8010</c>.</summary>
    public static void AppendPort(StringBuilder to, PortSpec port)
    {
        to.Append(System.Globalization.CultureInfo.InvariantCulture, $"{port.From}");
        if (port.From != port.To)
        {
            to.Append(System.Globalization.CultureInfo.InvariantCulture, $"-{port.To}");
        }
    }

    /// <summary>A line comment: one line, whatever the site wrote.</summary>
    public static string Remark(string text) => "# " + text.Replace('\r', ' ').Replace('\n', ' ');

    /// <summary>An nft identifier from a name the site chose: letters, digits and underscores.</summary>
    public static string Identifier(string name)
    {
        var b = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            b.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        return b.ToString();
    }

    /// <summary>An interface name in quotes (nft takes any name so).</summary>
    public static string Quoted(string name) => "\"" + name.Replace("\"", string.Empty, StringComparison.Ordinal) + "\"";
}

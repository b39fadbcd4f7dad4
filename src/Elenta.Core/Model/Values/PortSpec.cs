using System.Globalization;

namespace Elenta.Core.Model.Values;

public enum Protocol
{
    Tcp,
    Udp,
}

/// <summary>A port and protocol, written tcp/22, udp/53, 53 (tcp) or a range tcp/8000-8010.</summary>
public readonly record struct PortSpec(Protocol Protocol, int From, int To)
{
    public static bool TryParse(string text, out PortSpec port)
    {
        port = default;
        var s = text.Trim().ToLowerInvariant();
        var protocol = Protocol.Tcp;
        var slash = s.IndexOf('/');
        if (slash >= 0)
        {
            var proto = s[..slash];
            if (proto == "tcp")
            {
                protocol = Protocol.Tcp;
            }
            else if (proto == "udp")
            {
                protocol = Protocol.Udp;
            }
            else
            {
                return false;
            }

            s = s[(slash + 1)..];
        }

        var dash = s.IndexOf('-');
        var fromText = dash >= 0 ? s[..dash] : s;
        var toText = dash >= 0 ? s[(dash + 1)..] : s;
        if (!int.TryParse(fromText, NumberStyles.None, CultureInfo.InvariantCulture, out var from) ||
            !int.TryParse(toText, NumberStyles.None, CultureInfo.InvariantCulture, out var to) ||
            from < 1 || to > 65535 || to < from)
        {
            return false;
        }

        port = new PortSpec(protocol, from, to);
        return true;
    }

    public bool Overlaps(PortSpec other) => Protocol == other.Protocol && From <= other.To && other.From <= To;

    public override string ToString()
    {
        var proto = Protocol == Protocol.Tcp ? "tcp" : "udp";
        return From == To ? $"{proto}/{From}" : $"{proto}/{From}-{To}";
    }
}

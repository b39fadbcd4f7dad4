using System.Globalization;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics.Schema;
using Elenta.Core.Text;

namespace Elenta.Core.Semantics;

/// <summary>
/// Turns the checked merged tree into the typed <see cref="Site"/> and reports every reference to
/// something the site does not define, with a suggestion when a near name exists.
/// </summary>
public sealed class Binder
{
    private readonly MergedMapping root;
    private readonly DiagnosticBag diagnostics;
    private readonly string canonDomain;

    private Binder(MergedMapping root, DiagnosticBag diagnostics)
    {
        this.root = root;
        this.diagnostics = diagnostics;
        canonDomain = root.Str("canonDomain") ?? "canon";
    }

    public static Site Bind(MergedMapping root, DiagnosticBag diagnostics) => new Binder(root, diagnostics).Bind();

    private Site Bind()
    {
        var settings = BindSettings();
        var cadasterNode = root.Map("cadaster");
        var networks = root.Named("networks", e => BindNetwork(e.Key, e.Value));
        // Hosts and constellations are the bulk of a large site and bind independently: side by
        // side, in definition order.
        var hosts = new NamedMap<Host>(SideBySide.Map(cadasterNode.Entries("compute"), e => BindHost(e.Key, e.Value)));
        var storage = cadasterNode.Map("storage");
        var disks = storage.Named("disks", e => BindDisk(e.Key, e.Value));
        var pools = storage.Named("pools", e => BindPool(e.Key, e.Value));
        var netHw = cadasterNode.Map("network");
        var switches = netHw.Named("switches", e => BindSwitch(e.Key, e.Value));
        var routers = netHw.Named("routers", e => BindRouter(e.Key, e.Value));
        var firewalls = netHw.Named("firewalls", e => BindFirewall(e.Key, e.Value));
        var racks = cadasterNode.Named("racks", e => new Rack(e.Key, e.Value, e.Value.Int("height") ?? 42, e.Value.Str("location")));
        var pdus = cadasterNode.Named("power", e => new Pdu(e.Key, e.Value, e.Value.Str("rack"), e.Value.Int("capacityWatts") ?? 0, e.Value.Int("outlets")));
        var cadaster = new Cadaster(hosts, disks, pools, switches, routers, firewalls, racks, pdus);
        var domains = root.Named("domains", e => BindDomain(e.Key, e.Value));
        var roles = root.Named("roles", e => BindRole(e.Key, e.Value));
        var constellations = new NamedMap<Constellation>(SideBySide.Map(root.Entries("constellations"), e => BindConstellation(e.Key, e.Value, hosts, roles)));

        CheckDefaultBridges(networks, constellations);

        var site = new Site(settings, cadaster, networks, domains, roles, constellations, root);
        new ReferenceChecker(site, diagnostics).Check();
        return site;
    }

    /// <summary>
    /// A URL whose host is an IPv4 address is read by System.Uri as inet_aton reads it
    /// (http://010.0.0.1/ is 8.0.0.1): its address must be written as a site writes one, dotted decimal.
    /// </summary>
    private void CheckUrlAddress(MergedScalar? node)
    {
        if (node is null || !Uri.TryCreate(node.Text, UriKind.Absolute, out var uri) || uri.HostNameType != UriHostNameType.IPv4)
        {
            return;
        }

        var authority = node.Text[(node.Text.IndexOf("://", StringComparison.Ordinal) is var at and >= 0 ? at + 3 : 0)..];
        authority = authority[..(authority.IndexOfAny(['/', '?', '#']) is var end and >= 0 ? end : authority.Length)];
        var host = authority[(authority.LastIndexOf('@') + 1)..];
        host = host[..(host.IndexOf(':') is var colon and >= 0 ? colon : host.Length)];
        if (!IpAddress.TryParse(host, out _))
        {
            diagnostics.Add(Messages.InvalidValueError(node.Location, node.Path, node.Text, "a URL whose address is written in dotted decimal",
                $"{AddressHelp.ForAddress(host)} (a URL reads {host} as {uri.Host})"));
        }
    }

    private SiteSettings BindSettings()
    {
        var severities = new Dictionary<string, Severity>(StringComparer.Ordinal);
        if (root.Map("analysis").Map("rules") is { } rules)
        {
            foreach (var (code, node) in rules.Entries)
            {
                if (node is MergedScalar { Parsed: Severity s })
                {
                    if (DiagnosticCatalog.Find(code) is not { } known)
                    {
                        diagnostics.Add(Messages.UnknownReferenceError(node.KeyAt(), "diagnostic code", code,
                            Suggest.Closest(code, DiagnosticCatalog.Descriptors.Select(d => d.Code)), "see docs/diagnostics.md for the codes"));
                        continue;
                    }

                    // Only an analysis rule's severity can change: a compiler or build diagnostic, or a
                    // retired code, would be an entry that silently does nothing.
                    if (Analysis.Analyzer.Find(known.Code) is null)
                    {
                        diagnostics.Add(Messages.InvalidValueError(node.KeyAt(), $"analysis.rules.{code}", code, "the code of an analysis rule",
                            known.ReplacedBy is { } replacement && Analysis.Analyzer.Find(replacement) is not null
                                ? $"{known.Code} is retired: {replacement} took its place; write {replacement}"
                                : known.ReplacedBy is { } always
                                    ? $"{known.Code} is retired: {always} took its place, and is always an error (docs/diagnostics.md): fix what it reports instead"
                                    : $"{known.Code} is always an error (a compiler or build diagnostic, docs/diagnostics.md): fix what it reports instead"));
                        continue;
                    }

                    // Codes are matched as check writes them (el8007 is EL8007).
                    severities[known.Code] = s;
                }
            }
        }

        NetbootStore? store = null;
        if (root.Map(SiteKeys.NetbootStore) is { } ns && ns.Str("path") is { } path)
        {
            store = new NetbootStore(path, ns.Str("baseUrl")) { Server = ns.Str("server"), ServedByNginx = ns.Str("serve") != "none" };
            CheckUrlAddress(ns.Child("baseUrl") as MergedScalar);
        }

        if (root.Child("canonDomain") is MergedScalar cd && !DnsNames.IsValidDomain(canonDomain, out var why))
        {
            diagnostics.Add(Messages.InvalidNameError(cd.Location, "canon domain", canonDomain, why));
        }

        var dns = root.Map(SiteKeys.Dns);
        // Each entry is written into Unbound's configuration as a zone it answers itself: "*.corp"
        // was a zone named by a literal '*' label, and blocked nothing.
        foreach (var item in dns.Items("blockOutgoing"))
        {
            if (item is MergedScalar { Parsed: string blocked } node && !DnsNames.IsValidDomain(blocked, out var blockedWhy))
            {
                diagnostics.Add(Messages.InvalidValueError(node.Location, node.Path, blocked, "a domain name: " + blockedWhy,
                    "write a TLD or a domain, such as lan or corp.example: letters, digits and '-' in labels joined by dots; it covers every name below it, so corp, not *.corp"));
            }
        }

        var dnsSettings = new DnsSettings(dns.Strings(SiteKeys.DnsServers), dns.Strings("blockOutgoing"), dns.Int("ttl") ?? 3600, dns.Str("hostmaster"))
        {
            Forwarders = dns.Values<IpAddress>("forwarders"),
            ServersGiven = dns.Child(SiteKeys.DnsServers) is not null,
        };
        var firewall = root.Map("firewall") is { } fw
            ? new FirewallSettings(fw.Items("management").OfType<MergedScalar>().Where(i => !i.IsNull).Select(i => new ManagementSource(i.Text, i)).ToList(), fw)
            : null;
        return new SiteSettings(root.Str("site") ?? "site", root.Strings("overlays"), canonDomain, store, severities, dnsSettings)
        {
            Proxy = BindProxySettings(root.Map(SiteKeys.Proxy)),
            Firewall = firewall,
            State = root.Map(SiteKeys.State) is { } state ? new StateSettings(state.Str(SiteKeys.PostgreSql), state.Str(SiteKeys.PostgreSqlEnv), state) : null,
        };
    }

    private ProxySettings BindProxySettings(MergedMapping? node)
    {
        if (node is null)
        {
            return ProxySettings.Default;
        }

        var tls = node.Named(SiteKeys.Tls, e => BindTls(e.Key, e.Value));
        return new ProxySettings(node.Value<ByteSize>(SiteKeys.MaxBodySize) ?? ProxySettings.DefaultMaxBodySize,
            BindDuration(node, SiteKeys.Timeout) ?? ProxySettings.DefaultTimeoutSeconds, tls);
    }

    /// <summary>One domain's certificate: both files, or ACME, never both and never half of the files.</summary>
    private TlsDomain BindTls(string domain, MergedMapping node)
    {
        if (!DnsNames.IsValidDomain(domain, out var why))
        {
            diagnostics.Add(Messages.InvalidNameError(node.KeyAt(), "TLS domain", domain, why));
        }

        var certificate = BindAbsolutePath(node, "certificate");
        var key = BindAbsolutePath(node, "key");
        AcmeAccount? acme = node.Map("acme") is { } a ? new AcmeAccount(a.Str("email"), a.Str("server"), a) : null;
        // What the site wrote, not what could be used: a bad path is reported once, at itself.
        var certificateGiven = node.Child("certificate") is not null;
        var keyGiven = node.Child("key") is not null;
        if (acme is not null && (certificateGiven || keyGiven))
        {
            var given = (node.Child("certificate") ?? node.Child("key"))!;
            diagnostics.Add(Messages.InvalidValueError(given.KeyAt(), given.Path, "certificate files beside acme", "one source of certificate",
                $"keep either 'acme:' (the certificate of {domain} is obtained and renewed by certbot) or 'certificate:' and 'key:' (files you install), not both"));
        }
        else if (acme is null && certificateGiven != keyGiven)
        {
            diagnostics.Add(Messages.MissingRequiredError(node.KeyAt(), certificateGiven ? "key" : "certificate",
                $"the TLS of '{domain}' (a certificate needs its private key, and a key its certificate)"));
        }
        else if (acme is null && !certificateGiven)
        {
            diagnostics.Add(Messages.MissingRequiredError(node.KeyAt(), "certificate",
                $"the TLS of '{domain}' (give 'certificate:' and 'key:' paths, or 'acme: {{ email: ... }}')"));
        }

        return new TlsDomain(domain, node, certificate, key, acme, node.Bool("hsts"));
    }

    /// <summary>A file path on a machine: absolute, without empty, '.' or '..' parts; reported and dropped otherwise.</summary>
    private string? BindAbsolutePath(MergedMapping node, string key)
    {
        if (node.Child(key) is not MergedScalar { Parsed: string path } value)
        {
            return null;
        }

        if (path.StartsWith('/') && !path.Split('/').Skip(1).Any(p => p is "" or "." or "..") && !path.Any(c => char.IsWhiteSpace(c) || c is ';' or '{' or '}' or '"' or '\'' or '$'))
        {
            return path;
        }

        diagnostics.Add(Messages.InvalidValueError(value.Location, value.Path, path, "an absolute file path without spaces, quotes, ';', '{', '}', '$' or empty, '.' or '..' parts",
            "write where the file is on the proxy machine, such as /etc/ssl/emerald.city/fullchain.pem"));
        return null;
    }

    /// <summary>A duration in seconds (3600, 60s, 5m, 1h30m), at least one second; reported and dropped otherwise.</summary>
    private int? BindDuration(MergedMapping node, string key)
    {
        if (node.Child(key) is not MergedScalar { Parsed: { } parsed } value)
        {
            return null;
        }

        var text = parsed is string t ? t : value.Text;
        if (LeaseTime.TryParse(text, out var seconds) && seconds >= 1)
        {
            return seconds;
        }

        diagnostics.Add(Messages.InvalidValueError(value.Location, value.Path, text, "a duration of at least one second",
            "write seconds (90) or a duration with units s, m, h, d, w (60s, 5m, 1h30m)"));
        return null;
    }

    private Network BindNetwork(string name, MergedMapping node)
    {
        // A network's name is a subdomain of canon names (kansas.ifrit.canon) and names files of the build (dhcp/dnsmasq/NAME.conf).
        CheckLabel(node.KeyAt(), "network", name);
        var cidr = node.Value<IpNetwork>("cidr") ?? default;
        DhcpPool? dhcp = null;
        DhcpService? service = null;
        if (node.Map("dhcp") is { } d)
        {
            var lease = BindLeaseTime(d);
            if (d.Ip("from") is { } from && d.Ip("to") is { } to)
            {
                dhcp = new DhcpPool(from, to, lease, d);
            }
            else if ((d.Child("from") is null) != (d.Child("to") is null))
            {
                // A pool needs both ends; a dhcp block with neither serves reservations only.
                var given = (d.Child("from") ?? d.Child("to"))!;
                diagnostics.Add(Messages.MissingRequiredError(given.KeyAt(), d.Child("from") is null ? "from" : "to", $"the DHCP pool of network '{name}'"));
            }

            // DHCPv6 is Kea's (kea-dhcp6): the default daemon of an IPv6 network; dnsmasq there is EL8062.
            var daemon = d.Str("daemon") switch
            {
                "kea" => DhcpDaemon.Kea,
                "dnsmasq" => DhcpDaemon.Dnsmasq,
                _ => cidr.Network.IsV6 ? DhcpDaemon.Kea : DhcpDaemon.Dnsmasq,
            };
            service = new DhcpService(d.Str("server"), daemon, lease, d);
        }

        // A bridge the site names is made on its VM hosts and given to libvirt: an interface's name.
        if (node.Child("bridge") is MergedScalar { Parsed: string bridge } bridgeNode)
        {
            CheckInterfaceName(bridgeNode.Location, bridgeNode, bridge, "name the bridge as the kernel can, such as br-" + Shorter(name));
        }

        // IPv6 needs links of at least 1280 bytes (RFC 8200, section 5): the kernel turns IPv6 off on an
        // interface with a smaller MTU, and 'ip -6 addr add' fails there. (68, IPv4's least, is the schema's.)
        if (node.Value<IpNetwork>("cidr") is { Network.IsV6: true } v6 && node.Int("mtu") is { } mtu and < Ipv6MinimumMtu && node.Child("mtu") is MergedScalar mtuNode)
        {
            diagnostics.Add(Messages.InvalidValueError(mtuNode.Location, mtuNode.Path, mtuNode.Text, $"an MTU an IPv6 network can have ({v6} is IPv6): at least {Ipv6MinimumMtu}",
                $"write an MTU of at least {Ipv6MinimumMtu} (RFC 8200: IPv6 needs links of 1280 bytes or more), or leave mtu out for the interface's own"));
        }

        // The search domain DHCP and router adverts hand out goes into dnsmasq's and radvd's files as a word.
        if (node.Str("domain") is { } searchDomain && !DnsNames.IsValidDomain(searchDomain, out var searchWhy))
        {
            diagnostics.Add(Messages.InvalidNameError(node.At("domain"), "search domain", searchDomain, searchWhy));
        }

        return new Network(name, node, cidr, node.Int("vlan"), node.Ip("gateway"), node.Values<IpAddress>("dns"), dhcp,
            node.Str("domain"), node.Bool("untrusted") ?? false, node.Bool("reverseDns") ?? true, node.Str("bridge") ?? "br-" + name, node.Str("description"))
        {
            DhcpService = service,
            Mtu = node.Int("mtu"),
        };
    }

    /// <summary>The least MTU of a link that carries IPv6 (RFC 8200, section 5).</summary>
    private const int Ipv6MinimumMtu = 1280;

    /// <summary>The pool's lease time, parsed once here: the default when absent, reported when it cannot be used.</summary>
    private LeaseTime BindLeaseTime(MergedMapping dhcp)
    {
        if (dhcp.Child("leaseTime") is not MergedScalar { Parsed: string text } node)
        {
            return LeaseTime.Default;
        }

        if (LeaseTime.TryParse(text, out var seconds) && seconds >= LeaseTime.MinimumSeconds)
        {
            return new LeaseTime(seconds, text);
        }

        var expected = LeaseTime.TryParse(text, out _)
            ? $"a lease of at least {LeaseTime.MinimumSeconds} seconds, the shortest dnsmasq accepts"
            : "a duration";
        diagnostics.Add(Messages.InvalidValueError(node.Location, node.Path, text, expected,
            $"write seconds (3600) or a duration with units s, m, h, d, w (12h, 30m, 1d, 1h30m) of at least {LeaseTime.MinimumSeconds} seconds"));
        return LeaseTime.Default;
    }

    private Host BindHost(string name, MergedMapping node)
    {
        CheckLabel(node.KeyAt(), "host", name);
        var hw = node.Map("hardware");
        var oc = hw.Map("overcommit");
        var hardware = new Hardware(hw.Int("cpus"), hw.Value<ByteSize>("memory"), hw.Value<ByteSize>("disk"), hw.Str("arch") ?? "x86_64", hw.Str("model"),
            new Overcommit(oc.Double("cpu") ?? 1, oc.Double("memory") ?? 1, oc.Double("disk") ?? 1));

        var interfaces = node.Named("interfaces", e =>
        {
            var i = e.Value;
            // The key is the name the machine's setup, its firewall and its DHCP give the interface.
            CheckInterfaceName(i.KeyAt(), i, e.Key, "write the name the machine gives the interface ('ip link' shows it)");
            if (i.Child("bridge") is MergedScalar { Parsed: string bridge } bridgeNode)
            {
                CheckInterfaceName(bridgeNode.Location, bridgeNode, bridge, "name the bridge as the kernel can, such as br0 or br-lab");
            }

            SwitchLink? link = null;
            if (i.Child("link") is MergedScalar { Parsed: string l } linkNode)
            {
                var colon = l.LastIndexOf(':');
                if (colon <= 0 || colon == l.Length - 1)
                {
                    diagnostics.Add(Messages.InvalidValueError(linkNode.Location, linkNode.Path, l, "switch:port", "write the switch's name and the port number, sw-core:1"));
                }
                else
                {
                    link = new SwitchLink(l[..colon], l[(colon + 1)..], linkNode);
                }
            }

            return new NetInterface(e.Key, i, i.Value<MacAddress>("mac"), link, i.Strings("bond"), i.Str("mode"), i.Int("vlan"), i.Str("parent"), i.Str("alias"), i.Str("bridge"), i.Bool("wireless") ?? false);
        });

        var canon = node.Named("canon", e =>
        {
            CheckLabel(e.Value.KeyAt(), "canon address", e.Key);
            return new CanonAddress(e.Key, e.Value, e.Value.Str("network") ?? e.Key, e.Value.Ip("ip") ?? default, e.Value.Str("interface"), e.Value.Bool("primary") ?? false, e.Value.Bool("shared") ?? false);
        });

        Bmc? bmc = null;
        if (node.Map("bmc") is { } b && b.Ip("ip") is { } bmcIp)
        {
            bmc = new Bmc(b.Str("name") ?? "bmc", b, b.Str("network") ?? string.Empty, bmcIp, b.Value<MacAddress>("mac"), b.Str("kind"));
        }

        var boot = node.Map(SiteKeys.Boot);
        var bootSpec = new BootSpec(
            boot.Str("mode") == "netboot" ? BootMode.Netboot : BootMode.Disk,
            boot.Str(SiteKeys.Firmware) == "bios" ? Firmware.Bios : Firmware.Uefi,
            boot.Value<ByteSize>(SiteKeys.ImageSize))
        {
            Interfaces = boot.Child(SiteKeys.BootInterfaces) is null ? null : boot.Strings(SiteKeys.BootInterfaces),
        };

        var ssh = BindSsh(node.Map(SiteKeys.Ssh));

        var driver = node.Str("driver") switch
        {
            "files" => DriverKind.Files,
            "none" => DriverKind.None,
            _ => DriverKind.Nixos,
        };

        return new Host(name, node, node.Str("description"), node.Str("kind") ?? "server", hardware, interfaces, canon, bmc, bootSpec, ssh, driver,
            BindRackPosition(node.Map("rack")), BindPower(node.Map("power")), node.Strings("tags"))
        {
            HostId = (node.Child("hostId") as MergedScalar)?.Text, // as written: 12345678 is a host id, not a number
        };
    }

    private SshSpec? BindSsh(MergedMapping? s)
    {
        if (s is null)
        {
            return null;
        }

        var hostKey = s.Child(SiteKeys.HostKey) is MergedScalar { Parsed: string } h ? BindPublicKey(h) : null;
        var retired = new List<RetiredKey>();
        foreach (var item in s.Items(SiteKeys.RetiredKeys).OfType<MergedScalar>().Where(i => i.Parsed is string))
        {
            if (BindPublicKey(item) is { } key)
            {
                retired.Add(new RetiredKey(key, item));
            }
        }

        return new SshSpec(hostKey, retired, s.Str("user") ?? "root", s.Int("port") ?? 22, s);
    }

    /// <summary>An OpenSSH public key, parsed once here; one that does not parse is reported at the value and left out.</summary>
    private PublicKey? BindPublicKey(MergedScalar node)
    {
        var text = (string)node.Parsed!;
        if (PublicKey.TryParse(text, out var key, out var why))
        {
            return key;
        }

        diagnostics.Add(Messages.InvalidValueError(node.Location, node.Path, text, $"a valid OpenSSH public key: {why}",
            "paste the whole line of /etc/ssh/ssh_host_ed25519_key.pub: the key type, a space, then the base64 key"));
        return null;
    }

    private static RackPosition? BindRackPosition(MergedMapping? node) =>
        node?.Str("name") is { } rack ? new RackPosition(rack, node.Int("unit") ?? 1, node.Int("height") ?? 1, node) : null;

    private static PowerDraw? BindPower(MergedMapping? node) =>
        node?.Str("pdu") is { } pdu ? new PowerDraw(pdu, node.Int("watts") ?? 0, node) : null;

    private static Disk BindDisk(string name, MergedMapping node) =>
        new(name, node, node.Value<Wwn>("wwn"), node.Str("device"), node.Str("host"), node.Value<ByteSize>("size"), node.Int("bay"), node.Str("model"), node.Str("serial"))
        {
            AllowDestroy = node.Bool("allowDestroy") ?? false,
        };

    private Pool BindPool(string name, MergedMapping node)
    {
        var type = node.Str("type") ?? "zfs";
        if (type == "zfs" && ZfsPoolName.WhyInvalid(name) is { } why)
        {
            // format-disks wipes the pool's disks, then runs zpool create: a name it refuses stops it there.
            diagnostics.Add(Messages.InvalidValueError(node.KeyAt(), node.Path, name, "a ZFS pool name: " + why, ZfsPoolName.Help));
        }

        var datasets = node.Named("datasets", e =>
        {
            if (type == "zfs")
            {
                CheckZfsDataset(e.Key, e.Value);
            }

            return new Dataset(e.Key, e.Value.Str("mountpoint"), e.Value.Value<ByteSize>("size"), StringMap(e.Value, "options"));
        });
        return new(name, node, node.Str("host") ?? string.Empty, type, node.Str("layout"), node.Strings("disks"), datasets)
        {
            Properties = StringMap(node, "properties"),
            FilesystemProperties = StringMap(node, "filesystemProperties"),
        };
    }

    /// <summary>
    /// A dataset's name and mount point as zfs takes them. format-disks creates the datasets after it
    /// has wiped the disks and made the pool: a name zfs refuses there stops it half way.
    /// </summary>
    private void CheckZfsDataset(string name, MergedMapping node)
    {
        var parts = name.Split('/');
        if (parts.Any(p => p.Length == 0 || p is "." or ".." || !p.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':')))
        {
            diagnostics.Add(Messages.InvalidValueError(node.KeyAt(), node.Path, name, "a ZFS dataset name",
                "letters, digits and _ - . : in each part, parts joined by '/' (srv/www: its parent srv is made too); no '@' or '#', which name snapshots and bookmarks"));
        }

        if (node.Child("mountpoint") is MergedScalar mount && !mount.Text.StartsWith('/') && mount.Text is not ("none" or "legacy"))
        {
            diagnostics.Add(Messages.InvalidValueError(mount.Location, mount.Path, mount.Text, "a ZFS mount point",
                "an absolute path such as /srv/www, or none, or legacy"));
        }
    }

    private static Dictionary<string, string> StringMap(MergedMapping node, string key) =>
        node.Map(key)?.Entries.Where(o => o.Value is MergedScalar { Parsed: string }).ToDictionary(o => o.Key, o => (string)((MergedScalar)o.Value).Parsed!, StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);

    private static Switch BindSwitch(string name, MergedMapping node)
    {
        var ports = node.Named("portMap", e =>
            new SwitchPort(e.Key, e.Value, e.Value.Str("mode") ?? "access", e.Value.Int("vlan"), e.Value.Values<long>("vlans").Select(v => (int)v).ToList(), e.Value.Str("description")));
        Management? mgmt = node.Map("management") is { } m && m.Str("network") is { } net && m.Ip("ip") is { } ip ? new Management(net, ip) : null;
        return new Switch(name, node, node.Str("model"), node.Int("ports") ?? 0, ports, mgmt, BindRackPosition(node.Map("rack")), BindPower(node.Map("power")));
    }

    private static Router BindRouter(string name, MergedMapping node) =>
        new(name, node, node.Str("host"), node.Str("model"), node.Strings("networks"), BindRackPosition(node.Map("rack")), BindPower(node.Map("power")));

    private static Firewall BindFirewall(string name, MergedMapping node)
    {
        var zones = node.Map("zones") is { } z
            ? new NamedMap<FirewallZone>(z.Entries.Select(e => new FirewallZone(e.Key, e.Value,
                e.Value is MergedSequence seq ? seq.Items.OfType<MergedScalar>().Select(s => s.Parsed as string).OfType<string>().ToList() : [])))
            : NamedMap<FirewallZone>.Empty;
        var rules = node.Items("rules").OfType<MergedMapping>().Select(r =>
            new FirewallRule(r, r.Str("from") ?? "*", r.Str("to") ?? "*", r.Values<PortSpec>("allow"), r.Values<PortSpec>("deny"), r.Str("description"))).ToList();
        var nat = node.Items("nat").OfType<MergedMapping>().Select(n => new FirewallNat(n,
            n.Str("kind") switch { "snat" => NatKind.Snat, "dnat" => NatKind.Dnat, _ => NatKind.Masquerade },
            n.Str("from"), n.Str("out"), n.Str("in"), n.Value<PortSpec>("port"), n.Ip("to"), n.Int("toPort"), n.Str("description"))).ToList();
        return new Firewall(name, node, node.Str("host") ?? string.Empty, zones, node.Str("default") == "allow", rules) { Nat = nat };
    }

    /// <summary>Every value of a record set, type by type, with where it was written: what the DNS rules read.</summary>
    private static List<RecordValue> RecordValues(MergedMapping records)
    {
        var values = new List<RecordValue>();
        foreach (var type in RecordSet.Types)
        {
            switch (records[type])
            {
                case MergedSequence seq:
                    values.AddRange(seq.Items.OfType<MergedScalar>().Where(s => !s.IsNull).Select(s => new RecordValue(type, s.Text, s.Parsed, s.Location)));
                    break;
                case MergedScalar { IsNull: false } s:
                    values.Add(new RecordValue(type, s.Text, s.Parsed, s.Location));
                    break;
            }
        }

        return values;
    }

    /// <summary>
    /// What a zone file makes of the records written by hand: an A record is IPv4, an AAAA record
    /// IPv6, an MX record a preference and a host, an SRV record three numbers and a host, a TXT
    /// value one line (or, written already quoted, quoted strings that all close), and an absolute
    /// name one inside the zone. NSD and BIND refuse the zone otherwise, or drop the record.
    /// </summary>
    private void CheckRecords(string zone, string owner, MergedMapping node, IReadOnlyList<RecordValue> values)
    {
        if (owner.EndsWith('.') && !DnsNames.IsInZone(owner.TrimEnd('.'), zone))
        {
            diagnostics.Add(Messages.InvalidValueError(node.KeyAt(), node.Path, owner, $"a name inside the zone {zone}",
                $"write the name relative to {zone} (without a final dot), or put the record in the domain it belongs to"));
        }

        foreach (var v in values)
        {
            var (ok, expected, help) = v.Type switch
            {
                // (An address that does not parse at all is the schema's EL2004 already.)
                "A" => (v.Parsed is not IpAddress { IsV6: true }, "an IPv4 address", "an IPv6 address goes under AAAA"),
                "AAAA" => (v.Parsed is not IpAddress { IsV6: false }, "an IPv6 address", "an IPv4 address goes under A"),
                "MX" => (Numbers(v.Text, 1), "a preference and a mail host", "write '10 mail.example.tld.': a number from 0 to 65535, then the host"),
                "SRV" => (Numbers(v.Text, 3), "a priority, a weight, a port and a host", "write '0 5 5060 sip.example.tld.': three numbers from 0 to 65535, then the host"),
                "TXT" => (OneLineText(v.Text), "text on one line", "a zone file holds a TXT value on one line: split it into several values, or write \\010 for a line break; a value written quoted must close its quotes"),
                _ => (true, string.Empty, string.Empty),
            };
            if (!ok)
            {
                diagnostics.Add(Messages.InvalidValueError(v.Location, $"{node.Path}.{v.Type}", v.Text, expected, help));
            }
        }

        static bool Numbers(string text, int count)
        {
            var words = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return words.Length == count + 1 && words.Take(count).All(w => w.All(char.IsAsciiDigit) && w.Length <= 5 && int.Parse(w, CultureInfo.InvariantCulture) <= 65535);
        }

        static bool OneLineText(string text)
        {
            if (text.Any(c => c < ' ' && c != '\t'))
            {
                return false;
            }

            if (!text.StartsWith('"'))
            {
                return true;
            }

            // Already quoted ("a" "b"): every string closes, and nothing stands between them but spaces.
            var quoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted && c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (!quoted && c is not (' ' or '\t'))
                {
                    return false;
                }
            }

            return !quoted;
        }
    }

    private Domain BindDomain(string name, MergedMapping node)
    {
        if (!DnsNames.IsValidDomain(name, out var why))
        {
            diagnostics.Add(Messages.InvalidNameError(node.KeyAt(), "domain", name, why));
        }

        var records = node.Named("records", e =>
        {
            var r = e.Value;
            var values = RecordValues(r);
            CheckRecords(name, e.Key, r, values);
            return new RecordSet(e.Key, r, r.Values<IpAddress>("A"), r.Values<IpAddress>("AAAA"), r.Str("CNAME"), r.OneOrManyStrings("MX"), r.OneOrManyStrings("TXT"),
                r.OneOrManyStrings("NS"), r.OneOrManyStrings("SRV"), r.Str("PTR"), r.Int("ttl"), values);
        });
        return new Domain(name, node, node.Strings(SiteKeys.Nameservers), records, node.Int("ttl") ?? 3600, node.Bool("private") ?? false, node.Str("description"))
        {
            Public = node.Bool("public") ?? false,
        };
    }

    /// <summary>
    /// The port of an HTTP endpoint (a metrics endpoint, a proxied backend): one TCP port. A udp/
    /// port or a range is reported, as the firewall would open the wrong thing for it.
    /// </summary>
    private PortSpec HttpPort(MergedMapping node, string why)
    {
        var port = node.Value<PortSpec>("port") ?? default;
        if (port.From > 0 && (port.Protocol != Protocol.Tcp || port.From != port.To) && node.Child("port") is MergedScalar given)
        {
            diagnostics.Add(Messages.InvalidValueError(given.Location, given.Path, given.Text, $"one TCP port ({why})",
                $"write the port as {port.From.ToString(CultureInfo.InvariantCulture)} or tcp/{port.From.ToString(CultureInfo.InvariantCulture)}"));
        }

        return port;
    }

    private Role BindRole(string name, MergedMapping node)
    {
        var options = node.Named("options", e => BindOption(name, e.Key, e.Value));
        var services = node.Named("services", e =>
        {
            var s = e.Value;
            var port = s.Value<PortSpec>("port") ?? default;
            if (s.Str("protocol") is { } protocol && s.Child("port") is MergedScalar ps)
            {
                if (!ps.Text.Contains('/'))
                {
                    port = port with { Protocol = protocol == "udp" ? Protocol.Udp : Protocol.Tcp };
                }
                else if (!ps.Text.StartsWith(protocol + "/", StringComparison.OrdinalIgnoreCase) && s.Child("protocol") is { } said)
                {
                    // tcp/80 with protocol: udp: which one the firewall should open cannot be told.
                    diagnostics.Add(Messages.InvalidValueError(said.Location, said.Path, protocol, $"the protocol its port says ({ps.Text})",
                        $"write the port as {protocol}/{ps.Text[(ps.Text.IndexOf('/') + 1)..]}, or leave protocol out"));
                }
            }

            return new Service(e.Key, s, port, s.Strings("networks"), s.Strings("clients"), s.Str("interface"));
        });

        var requires = node.Items("requires").OfType<MergedMapping>().Select(r =>
            new Requirement(r, r.Str("role") ?? string.Empty, PlainValues(r.Map("extraOpts")), PlainValues(r.Map("when")))).ToList();
        var mounts = node.Items("mounts").OfType<MergedMapping>().Select(m =>
            new Mount(m, m.Str("path") ?? string.Empty, m.Str("dataset"), m.Str("source"), m.Bool("export") ?? false)).ToList();
        var metrics = node.Items("metrics").OfType<MergedMapping>().Select(m =>
            new Metric(m, HttpPort(m, "Prometheus scrapes it over HTTP"), m.Str("path") ?? "/metrics", m.Str("job"))).ToList();
        var proxy = node.Named("proxy", e =>
        {
            CheckLabel(e.Value.KeyAt(), "proxied subdomain", e.Key);
            return new ProxyEntry(e.Key, e.Value, HttpPort(e.Value, "nginx forwards HTTP to it"), e.Value.Int("frontendPort") ?? 80, e.Value.Bool("websocket") ?? true)
            {
                HttpsPort = e.Value.Int("httpsPort") ?? 443,
                MaxBodySize = e.Value.Value<ByteSize>(SiteKeys.MaxBodySize),
                TimeoutSeconds = BindDuration(e.Value, SiteKeys.Timeout),
            };
        });
        var dashboard = node.Items("dashboard").OfType<MergedMapping>().Select(d =>
            new DashboardEntry(d, d.Str("title") ?? string.Empty, d.Str("url"), d.Str("icon"), d.Str("description"), d.Str("section"))).ToList();
        var config = node.Map("config");
        var roleConfig = config is null
            ? RoleConfig.Empty
            : new RoleConfig(config.Child("nixos"),
                config.Items("files").OfType<MergedMapping>().Select(BindRoleFile).ToList(),
                config.Strings("activate"), config.Child("settings"));
        var provides = node.Strings("provides").Select(p => p == "dashboard" ? SiteService.Dashboard : SiteService.Prometheus).Distinct().ToList();
        return new Role(name, node, node.Str("description"), options, BindResources(node.Map("resources")), services, requires, mounts, metrics, proxy, dashboard,
            roleConfig, node.Strings("needs"), node.Int("maxPerConstellation"), node.Str("spread") == "host")
        {
            Provides = provides,
            Backup = node.Strings("backup"),
            Restore = node.Strings("restore"),
            Health = node.Items("health").OfType<MergedMapping>().Select(BindHealthCheck).ToList(),
            After = node.Items("after").OfType<MergedScalar>().Where(s => !s.IsNull).Select(s => new DeployAfter(s.Text, s)).ToList(),
        };
    }

    /// <summary>A role's health check: exactly one of command, tcp or http (else no probe: EL9250 says what is wrong).</summary>
    private HealthCheck BindHealthCheck(MergedMapping node)
    {
        var kinds = new[] { ("command", HealthProbe.Command), ("tcp", HealthProbe.Tcp), ("http", HealthProbe.Http) }.Where(k => node.Child(k.Item1) is not null).ToList();
        var probe = kinds.Count == 1 ? kinds[0].Item2 : (HealthProbe?)null;
        var path = node.Str("path") ?? "/";
        return new HealthCheck(node, probe, node.Str("command"), node.Int("tcp") ?? node.Int("http"), path.StartsWith('/') ? path : "/" + path, node.Int("status"),
            BindDuration(node, "interval") ?? HealthCheck.DefaultIntervalSeconds, BindDuration(node, SiteKeys.Timeout) ?? HealthCheck.DefaultTimeoutSeconds);
    }

    /// <summary>
    /// A file a role installs; its path must say where on the machine, plainly. A backslash or a
    /// control character is refused too: the build keeps the file under its path (files/MACHINE/PATH),
    /// where a backslash reads as a separator on some systems and the build refuses it.
    /// </summary>
    private RoleFile BindRoleFile(MergedMapping node)
    {
        var path = node.Str("path") ?? string.Empty;
        if (node.Child("path") is MergedScalar pathNode
            && (!path.StartsWith('/') || path.Split('/').Skip(1).Any(p => p is "" or "." or "..") || path.Any(c => c == '\\' || char.IsControl(c))))
        {
            diagnostics.Add(Messages.InvalidValueError(pathNode.Location, pathNode.Path, path, "an absolute file path without empty, '.' or '..' parts, backslashes or control characters",
                "write the path where the file goes on the machine, such as /etc/app/app.conf"));
        }

        // The files driver installs it with install -m "$mode": an octal mode, or the machine refuses the file.
        if (node.Child("mode") is MergedScalar { Parsed: string mode } modeNode && !(mode.Length is 3 or 4 && mode.All(c => c is >= '0' and <= '7')))
        {
            diagnostics.Add(Messages.InvalidValueError(modeNode.Location, modeNode.Path, mode, "an octal file mode of 3 or 4 digits from 0 to 7",
                "write the mode in octal, as install -m takes it: 644 or 0644 (rw-r--r--), 0600 (rw-------), 0755 (rwxr-xr-x), 4755 (setuid)"));
        }

        return new RoleFile(node, path, node.Str("template") ?? string.Empty, node.Str("mode"));
    }

    private RoleOption BindOption(string role, string name, MergedMapping node)
    {
        var type = node.Str("type") switch
        {
            "int" => OptionType.Int,
            "bool" => OptionType.Bool,
            "enum" => OptionType.Enum,
            "size" => OptionType.Size,
            "list" => OptionType.List,
            "any" => OptionType.Any,
            _ => OptionType.String,
        };
        var values = node.Strings("values");
        if (type == OptionType.Enum && values.Count == 0)
        {
            diagnostics.Add(Messages.MissingRequiredError(node.KeyAt(), "values", $"enum option '{name}' of role '{role}'"));
        }

        var option = new RoleOption(name, node, type, values, null, node.Str("description"));
        var def = node.Child("default");
        return def is null ? option : option with { Default = OptionValues.Convert(def, option, role, diagnostics) };
    }

    private static Resources BindResources(MergedMapping? node) =>
        node is null ? Resources.None : new Resources(node.Int("cpus"), node.Value<ByteSize>("memory"), node.Value<ByteSize>("disk"), node);

    private Constellation BindConstellation(string name, MergedMapping node, NamedMap<Host> hosts, NamedMap<Role> roles)
    {
        // A constellation's name names its directory file (views/constellations/NAME.json, on the machines too).
        CheckLabel(node.KeyAt(), "constellation", name);
        var machines = node.Named("machines", e =>
        {
            var hostName = CanonicalHostName(e.Key);
            var p = e.Value;
            NamedMap<Instance> Instances(string key, InstanceKind kind) => p.Named(key, i => BindInstance(i.Key, i.Value, kind, hostName, roles));
            return new Placement(e.Key, p, hostName, Instances("hostConfig", InstanceKind.Host), Instances("vms", InstanceKind.Vm), Instances("containers", InstanceKind.Container));
        });
        if (node.Str("domain") is { } domain && !DnsNames.IsValidDomain(domain, out var why))
        {
            diagnostics.Add(Messages.InvalidNameError(node.At("domain"), "domain", domain, why));
        }

        return new Constellation(name, node, node.Str("domain"), node.Str("redirectBareTo"), node.Str("description"), machines);
    }

    /// <summary>A placement key may be the bare name (toto) or the canon name (toto.canon), as the journal writes it.</summary>
    private string CanonicalHostName(string key) =>
        key.EndsWith("." + canonDomain, StringComparison.Ordinal) ? key[..^(canonDomain.Length + 1)] : key;

    private Instance BindInstance(string name, MergedMapping node, InstanceKind kind, string host, NamedMap<Role> roles)
    {
        CheckLabel(node.KeyAt(), "instance", name);
        var roleName = node.Str("role") ?? string.Empty;
        Dictionary<string, object?>? extra = null; // most instances set no option: they share one empty map
        var extraNode = node.Child("extraOpts");
        if (extraNode is not null and not MergedMapping)
        {
            diagnostics.Add(Messages.WrongTypeError(extraNode.Location, extraNode.Path, "a mapping of option values", Schema.SchemaChecker.Describe(extraNode)));
        }
        else if (extraNode is MergedMapping opts && roles[roleName] is { } role)
        {
            foreach (var (key, value) in opts.Entries)
            {
                if (!role.Options.TryGet(key, out var option))
                {
                    diagnostics.Add(Messages.UndeclaredOptionError(value.KeyAt(), key, roleName, Suggest.Closest(key, role.Options.Names), role.Options.Names));
                    continue;
                }

                extra ??= new Dictionary<string, object?>(StringComparer.Ordinal);
                extra[key] = OptionValues.Convert(value, option, roleName, diagnostics);
            }
        }

        GuestAddress? address = null;
        if (node.Map("address") is { } a && a.Str("network") is { } net && a.Ip("ip") is { } ip)
        {
            address = new GuestAddress(net, ip, a);
        }

        return new Instance(name, node, kind, host, roleName, extra ?? NoExtraOptions, node.Map("resources") is { } r ? BindResources(r) : null, address,
            node.Value<MacAddress>("mac"), BindSsh(node.Map(SiteKeys.Ssh)), node.Str("description"));
    }

    /// <summary>
    /// A name a machine gives an interface (a NIC, bond, VLAN interface, alias label or bridge), by
    /// the kernel's rules (<see cref="InterfaceName"/>). Parent, alias and bond members name one of
    /// the host's interfaces: checked there, at its key, or reported as unknown (EL2005).
    /// </summary>
    /// <remarks>The node's path is made only for a name that is reported: a site has an interface per host and more.</remarks>
    private void CheckInterfaceName(Location location, MergedNode node, string name, string help)
    {
        if (InterfaceName.WhyInvalid(name) is { } why)
        {
            diagnostics.Add(Messages.InvalidValueError(location, node.Path, name, "a Linux interface name: " + why, $"{help}; {InterfaceName.Help}"));
        }
    }

    /// <summary>
    /// A network's bridge defaults to br-NAME, too long an interface name for a network name of 13
    /// characters or more. The bridge is a VM's (libvirt attaches its NIC there, docs/disks-vms-views.md):
    /// reported at the network's name when a VM has an address on it, with the fix, a shorter bridge:.
    /// </summary>
    private void CheckDefaultBridges(NamedMap<Network> networks, NamedMap<Constellation> constellations)
    {
        List<Network>? invalid = null;
        foreach (var network in networks)
        {
            if (network.Node.Str("bridge") is null && InterfaceName.WhyInvalid(network.Bridge) is not null)
            {
                (invalid ??= []).Add(network);
            }
        }

        if (invalid is null)
        {
            return;
        }

        foreach (var network in invalid)
        {
            var vm = constellations.SelectMany(c => c.Machines).SelectMany(p => p.Vms).FirstOrDefault(v => v.Address?.Network == network.Name);
            if (vm is not null)
            {
                diagnostics.Add(Messages.InvalidValueError(network.Node.KeyAt(), network.Node.Path + ".bridge", network.Bridge,
                    $"a Linux interface name: {InterfaceName.WhyInvalid(network.Bridge)}",
                    $"VM '{vm.Name}' attaches to the network's bridge, br-{network.Name} by default: give the network a shorter one, such as bridge: br-{Shorter(network.Name)}, and the same bridge: on the interface of its host"));
            }
        }
    }

    /// <summary>A network's name cut to fit "br-" and 15 bytes, for a fix to propose.</summary>
    private static string Shorter(string name) => name.Length <= InterfaceName.MaxBytes - 3 ? name : name[..(InterfaceName.MaxBytes - 3)].TrimEnd('-', '.', '_');

    private static readonly IReadOnlyDictionary<string, object?> NoExtraOptions = new Dictionary<string, object?>(StringComparer.Ordinal);

    private void CheckLabel(Location location, string kind, string name)
    {
        if (!DnsNames.IsValidLabel(name, out var why))
        {
            diagnostics.Add(Messages.InvalidNameError(location, kind, name, why));
        }
    }

    /// <summary>Plain scalar values of a free-form mapping (requires.extraOpts, requires.when), as text.</summary>
    private static IReadOnlyDictionary<string, object?> PlainValues(MergedMapping? node) =>
        node is null
            ? new Dictionary<string, object?>()
            : node.Entries.ToDictionary(e => e.Key, e => e.Value is MergedScalar s ? (object?)s.Text : null, StringComparer.Ordinal);

    internal static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        IEnumerable<string> list => "[" + string.Join(", ", list) + "]",
        _ => value.ToString() ?? string.Empty,
    };
}

namespace Elenta.Core.Semantics.Schema;

/// <summary>The whole site format. docs/format.md describes the same fields for people.</summary>
public static class SiteSchema
{
    private static Field F(string name, SchemaType type, string description) => new(name, type, false, description);

    private static Field Req(string name, SchemaType type, string description) => new(name, type, true, description);

    private static ScalarType Str(string d = "text") => new(ScalarKind.String, d);

    private static ScalarType NameRef(string d) => new(ScalarKind.Name, d);

    /// <summary>A whole number; the model holds it as an int, so a larger one is out of range, not silently dropped.</summary>
    private static ScalarType Int(string d = "a whole number", long min = int.MinValue, long max = int.MaxValue) => new(ScalarKind.Integer, d, null, min, max);

    /// <summary>A count of something a machine or rack has: zero or less is a typo.</summary>
    private static ScalarType Count(string d) => Int(d, min: 1);

    private static ScalarType PortNumber(string d = "a port number") => Int(d, 1, 65535);

    private static ScalarType VlanId() => Int("a VLAN id", 1, 4094);

    /// <summary>A TTL in seconds: RFC 2181 allows 0 to 2^31 - 1.</summary>
    private static ScalarType Ttl() => Int("a number of seconds", 0);

    /// <summary>A ratio such as an overcommit factor: above zero (a negative one would make capacity negative).</summary>
    private static ScalarType Ratio(string d = "a number") => new(ScalarKind.Number, d, null, Min: 0);

    private static ScalarType Bool(string d = "true or false") => new(ScalarKind.Boolean, d);

    /// <summary>A size; none is zero (a machine without a disk leaves the field out).</summary>
    private static ScalarType Size(string d = "a size such as 8GiB or 4TB") => new(ScalarKind.Size, d, null, Min: 1);

    private static ScalarType Ip(string d = "an IP address") => new(ScalarKind.Ip, d);

    private static ScalarType Cidr(string d = "a network in CIDR form, such as 10.255.0.0/16") => new(ScalarKind.Cidr, d);

    private static ScalarType Mac(string d = "a MAC address such as aa:bb:cc:00:00:01") => new(ScalarKind.Mac, d);

    private static ScalarType Port(string d = "a port such as tcp/22, udp/53 or 8080") => new(ScalarKind.Port, d);

    private static ScalarType Enum(string d, params string[] values) => new(ScalarKind.Enum, d, values);

    private static ListType List(SchemaType item, string d) => new(item, d);

    private static MapType Map(SchemaType values, string d) => new(values, d);

    private static ObjectType Obj(string name, string d, params Field[] fields) => new(name, d, fields);

    public static readonly ObjectType NetbootStore = Obj(SiteKeys.NetbootStore, "Where netboot images live: one folder per MAC.",
        Req("path", Str("directory on the netboot server"), "Directory that holds the store."),
        F("baseUrl", Str("URL"), "URL under which machines fetch their images (http://toto.canon:8080/netboot)."),
        F("server", NameRef("host name"), "The host that holds the store and serves it: it receives the iPXE scripts, the menu and the index."),
        F("serve", Enum("how the store is served", "nginx", "none"), "nginx (default): the server receives an nginx server block serving path at baseUrl; none: the site serves the store itself."));

    public static readonly ObjectType FirewallSettings = Obj("firewallSettings", "Every managed machine's own input firewall (docs/firewall.md).",
        F("management", List(Str("network name, address or CIDR"), "sources"), "Where SSH may come from, on every machine: network names, addresses or CIDRs. Without this section SSH is open to any source; an empty list closes it (EL8023)."));

    public static readonly ObjectType StateSettings = Obj(SiteKeys.State, "Where plan, deploy and rollback keep their journal: without this section, SQLite in .elenta/state.db (docs/deploy.md).",
        F(SiteKeys.PostgreSql, Str("an Npgsql connection string"), "A PostgreSQL database a team shares: Host=db.canon;Port=5432;Database=elenta;Username=deploy. Without a password (EL9255): PGPASSWORD or ~/.pgpass gives it."),
        F(SiteKeys.PostgreSqlEnv, Str("an environment variable's name"), "The environment variable that holds the connection string when elenta runs (a CI secret), instead of postgresql."));

    public static readonly ObjectType Analysis = Obj("analysis", "Analysis settings.",
        F("rules", Map(new ScalarType(ScalarKind.Severity, "error, warning, info or off"), "Severity per diagnostic code: EL7004: off"), "Override rule severities."));

    public static readonly ObjectType DnsSettings = Obj(SiteKeys.Dns, "Site-wide DNS settings.",
        F(SiteKeys.DnsServers, List(NameRef("host name"), "hosts"), "Hosts whose name server serves the canon domain and the reverse zones (default: every nameserver of the site's domains)."),
        F("blockOutgoing", List(Str("TLD or domain"), "TLDs"), "Private TLDs the site's resolvers never forward upstream (the journal blocks .canon): the site's own zones under them are answered from its name servers, every other name with NXDOMAIN, by the resolver itself. Each is a domain name in lower case (lan, corp.example), which covers every name below it: no '*'."),
        F("forwarders", List(Ip(), "addresses"), "Resolvers the site's resolvers forward every other query to (the ISP's, say; default: none, they resolve from the root servers)."),
        F("ttl", Ttl(), "Default TTL of generated records (default 3600)."),
        F("hostmaster", Str("email as a DNS name"), "SOA RNAME (default hostmaster.<zone>)."));

    public static readonly ObjectType Acme = Obj("acme", "A certificate obtained and renewed by ACME (certbot, HTTP-01 challenge through the proxy's own nginx).",
        F("email", Str("an email address"), "Contact address for the ACME account (expiry notices); without it the account has none."),
        F("server", Str("URL"), "ACME directory URL (default Let's Encrypt's production directory)."));

    public static readonly ObjectType Tls = Obj("tls", "The certificate of a domain's proxied names: files you install, or ACME.",
        F("certificate", Str("absolute path on the proxy machine"), "Certificate chain (PEM), full chain first: /etc/ssl/emerald.city/fullchain.pem."),
        F("key", Str("absolute path on the proxy machine"), "Its private key (PEM)."),
        F("acme", Acme, "Obtain the certificate by ACME instead of giving files."),
        F("hsts", Bool(), "Send Strict-Transport-Security (default: true for an ACME certificate of a domain not marked private, false otherwise)."));

    public static readonly ObjectType ProxySettings = Obj(SiteKeys.Proxy, "Site-wide reverse proxy settings.",
        F(SiteKeys.MaxBodySize, Size(), "Largest request body (upload) nginx passes, for proxy entries that do not set their own (default 100MiB)."),
        F(SiteKeys.Timeout, Str("a duration such as 60s or 5m"), "How long nginx waits for the backend to read or answer, for proxy entries that do not set their own (default 60s)."),
        F(SiteKeys.Tls, Map(Tls, "TLS by domain: a key covers that name and every name below it; the longest key wins"), "TLS of proxied names: HTTPS, and HTTP redirected to it."));

    public static readonly ObjectType Overcommit = Obj("overcommit", "How far guests may overcommit this host (1.0 = not at all).",
        F("cpu", Ratio(), "vCPUs per physical CPU."),
        F("memory", Ratio(), "Ratio for memory."),
        F("disk", Ratio(), "Ratio for disk."));

    public static readonly ObjectType Hardware = Obj("hardware", "What the machine physically has.",
        F("cpus", Count("a number of CPU threads"), "CPU threads."),
        F("memory", Size(), "Installed memory."),
        F("disk", Size(), "Total local disk."),
        F("arch", Enum("CPU architecture", "x86_64", "aarch64", "armv7l", "riscv64"), "CPU architecture."),
        F("model", Str(), "Vendor model, e.g. Dell PowerEdge R730."),
        F("overcommit", Overcommit, "Overcommit ratios for VMs and containers placed here."));

    public static readonly ObjectType Interface = Obj("interface", "A network interface (physical, bond, VLAN or alias).",
        F("mac", Mac(), "Hardware address."),
        F("link", Str("switch:port"), "Where the cable goes: switch name and port number, sw-core:1."),
        F("bond", List(NameRef("interface name"), "member interfaces"), "Makes this a bond of the listed interfaces."),
        F("mode", Str("bond mode, such as 802.3ad or active-backup"), "Bond mode."),
        F("vlan", VlanId(), "Makes this a VLAN interface with this id (needs parent)."),
        F("parent", NameRef("interface name"), "The interface a VLAN interface sits on."),
        F("alias", NameRef("interface name"), "Makes this a virtual (alias) interface on the named interface, like enp2s0_dns."),
        F("bridge", Str("bridge name"), "Bridge this interface is enslaved to (VM hosts): an interface name, at most 15 bytes."),
        F("wireless", Bool(), "A wireless interface."),
        F("description", Str(), "Free text."));

    public static readonly ObjectType CanonAddress = Obj("canonAddress", "One canon address of a machine, on one network.",
        F("network", NameRef("network name"), "The network; defaults to the entry's key."),
        Req("ip", Ip(), "The address."),
        F("interface", NameRef("interface name"), "Interface carrying the address."),
        F("primary", Bool(), "This address answers for the bare host name (default: the first entry)."),
        F("shared", Bool(), "A VIP or anycast address several machines may hold."));

    public static readonly ObjectType Bmc = Obj("bmc", "The out-of-band controller (iDRAC, iLO, IPMI).",
        F("name", NameRef("DNS label"), "Label under the host's canon name: drac gives drac.dop.canon (default bmc)."),
        Req("network", NameRef("network name"), "Network of the controller."),
        Req("ip", Ip(), "Its address."),
        F("mac", Mac(), "Its MAC."),
        F("kind", Str("idrac, ilo, ipmi"), "Controller kind."));

    public static readonly ObjectType Boot = Obj(SiteKeys.Boot, "How the machine boots.",
        F("mode", Enum("boot mode", "disk", "netboot"), "From its own disk, or from the netboot store by MAC."),
        F(SiteKeys.Firmware, Enum("firmware", "bios", "uefi"), "BIOS netboot loads kernel and initrd under 2047MiB (EL8001)."),
        F(SiteKeys.ImageSize, Size(), "Size of the netboot image, when known."),
        F(SiteKeys.BootInterfaces, List(NameRef("interface name"), "interfaces"), "The NICs that may netboot (default: every NIC with a MAC that carries, or is a bond or bridge member towards, one of the host's canon addresses); each gets a DHCP reservation, boot options and a script, the others none."));

    public static readonly ObjectType Ssh = Obj(SiteKeys.Ssh, "How Elenta reaches the machine.",
        F(SiteKeys.HostKey, Str("an OpenSSH public key line, ssh-ed25519 AAAA..."), "The host's public key, for known_hosts."),
        F(SiteKeys.RetiredKeys, List(Str("public key"), "keys"), "Keys no longer valid (written as @revoked)."),
        F("user", Str(), "Login user (default root)."),
        F("port", PortNumber("a TCP port number"), "SSH port (default 22)."));

    public static readonly ObjectType RackPosition = Obj("rackPosition", "Where the device sits.",
        Req("name", NameRef("rack name"), "The rack."),
        Req("unit", Count("a rack unit, 1 at the bottom"), "Lowest unit occupied."),
        F("height", Count("a number of rack units"), "Units occupied (default 1)."));

    public static readonly ObjectType PowerDraw = Obj("powerDraw", "What the device draws and from where.",
        Req("pdu", NameRef("PDU name"), "The PDU feeding it."),
        Req("watts", Int("a number of watts", min: 0), "Declared draw."));

    public static readonly ObjectType Host = Obj("host", "A machine in the cadaster: hardware facts, never configuration.",
        F("description", Str(), "Free text."),
        F("kind", Enum("kind of machine", "server", "workstation", "laptop", "router", "appliance", "switch", "other"), "What the machine is."),
        F("hardware", Hardware, "Capacity."),
        F("interfaces", Map(Interface, "interfaces by name"), "Network interfaces, by the name the machine gives them: at most 15 bytes, no '/', ':', '%' or spaces (enp3s0f0, bond0, eth0.100)."),
        F("canon", Map(CanonAddress, "canon addresses by label"), "Canon addresses, one per network; the label names the address: kansas gives kansas.ifrit.canon."),
        F("bmc", Bmc, "Out-of-band controller."),
        F(SiteKeys.Boot, Boot, "Boot mode and firmware."),
        F(SiteKeys.Ssh, Ssh, "SSH host key and login."),
        F("driver", Enum("deploy driver", "nixos", "files", "none"), "How Elenta deploys to it (default nixos)."),
        F("rack", RackPosition, "Rack position."),
        F("power", PowerDraw, "Power draw."),
        F("tags", List(Str("tag"), "tags"), "Free-form tags, usable as @tag in --on."),
        F("hostId", Str("8 hex digits, such as 8425e349"), "ZFS host id (networking.hostId); default: derived from the machine's name (docs/views.md)."));

    public static readonly ObjectType Disk = Obj("disk", "A disk, named by its WWN.",
        F("wwn", new ScalarType(ScalarKind.Wwn, "a WWN such as 0x5000c500a1b2c3d4"), "World Wide Name (stable id)."),
        F("device", Str("device path"), "A device path; use wwn instead, /dev/sdX changes between boots."),
        F("host", NameRef("host name"), "The machine it is installed in."),
        F("size", Size(), "Capacity."),
        F("bay", Int("a bay number", min: 0), "Drive bay."),
        F("model", Str(), "Vendor model."),
        F("serial", Str(), "Serial number."),
        F("allowDestroy", Bool(), "format-disks may destroy what it finds on this disk (a filesystem, a partition table, a ZFS label); without it, it refuses a disk that holds data."));

    public static readonly ObjectType Pool = Obj("pool", "A storage pool built from disks.",
        Req("host", NameRef("host name"), "The machine."),
        F("type", Enum("pool type", "zfs", "mdraid", "lvm", "btrfs"), "Kind of pool."),
        F("layout", Enum("layout", "stripe", "mirror", "raidz1", "raidz2", "raidz3", "raid1", "raid5", "raid6", "raid10"), "Redundancy layout."),
        Req("disks", List(Str("disk name or device path"), "disks"), "Disks by name (from storage.disks) or device path."),
        F("properties", Map(Str(), "properties"), "Pool properties for zpool create -o, over the default ashift=12."),
        F("filesystemProperties", Map(Str(), "properties"), "Root dataset properties for zpool create -O, inherited by every dataset, over the defaults acltype=posixacl, compression=lz4, xattr=sa."),
        F("datasets", Map(Obj("dataset", "A dataset or volume.",
            F("mountpoint", Str("path"), "Mount point."),
            F("size", Size(), "Quota or volume size."),
            F("options", Map(Str(), "options"), "Pool-specific options.")), "datasets"), "Datasets to create."));

    public static readonly ObjectType SwitchPort = Obj("switchPort", "One switch port's configuration.",
        F("mode", Enum("port mode", "access", "trunk", "disabled"), "Access or trunk."),
        F("vlan", VlanId(), "Access VLAN (or native VLAN of a trunk)."),
        F("vlans", List(VlanId(), "VLAN ids"), "VLANs a trunk carries."),
        F("description", Str(), "Free text."));

    public static readonly ObjectType Switch = Obj("switch", "A switch.",
        F("model", Str(), "Vendor model."),
        Req("ports", Count("a number of ports"), "How many ports it has."),
        F("portMap", Map(SwitchPort, "ports by number"), "Port configuration, by port number."),
        F("management", Obj("management", "Management address.", Req("network", NameRef("network name"), "Network."), Req("ip", Ip(), "Address.")), "Management address."),
        F("rack", RackPosition, "Rack position."),
        F("power", PowerDraw, "Power draw."));

    public static readonly ObjectType Router = Obj("router", "A router, such as the cable modem or the wifi router.",
        F("host", NameRef("host name"), "The cadaster machine that routes, if it is one."),
        F("model", Str(), "Vendor model."),
        F("networks", List(NameRef("network name"), "networks"), "Networks it routes between."),
        F("rack", RackPosition, "Rack position."),
        F("power", PowerDraw, "Power draw."));

    public static readonly ObjectType FirewallRule = Obj("firewallRule", "Traffic allowed (or denied) from one zone to another.",
        Req("from", NameRef("zone name"), "Source zone (or * for any)."),
        Req("to", NameRef("zone name"), "Destination zone (or * for any)."),
        F("allow", List(Port(), "ports"), "Ports allowed."),
        F("deny", List(Port(), "ports"), "Ports denied."),
        F("description", Str(), "Why."));

    public static readonly ObjectType FirewallNat = Obj("firewallNat", "Address translation on the firewall host (docs/firewall.md).",
        Req("kind", Enum("NAT kind", "masquerade", "snat", "dnat"), "masquerade or snat: rewrite the source of traffic from a zone leaving through a network; dnat: send traffic arriving from a network on to another address."),
        F("from", NameRef("zone name"), "masquerade, snat: the zone whose traffic is rewritten."),
        F("out", NameRef("network name"), "masquerade, snat: the network it leaves through (the firewall's interface there)."),
        F("in", NameRef("network name"), "dnat: the network it arrives from (the firewall's interface there)."),
        F("port", Port(), "dnat: the port it arrives on, tcp/8443."),
        F("to", Ip(), "snat: the new source address; dnat: the address it is sent on to."),
        F("toPort", PortNumber(), "dnat: the port it is sent on to (default the same)."),
        F("description", Str(), "Why."));

    public static readonly ObjectType Firewall = Obj("firewall", "A firewall between networks, with zones and rules.",
        Req("host", NameRef("host name"), "The machine that filters."),
        Req("zones", Map(List(NameRef("network name"), "networks"), "zones by name"), "Zones: lists of networks."),
        F("default", Enum("default policy", "allow", "deny"), "What happens to traffic no rule matches (default deny)."),
        F("rules", List(FirewallRule, "rules"), "Rules, first match wins."),
        F("nat", List(FirewallNat, "NAT entries"), "Address translation, in order (masquerade, snat, dnat)."));

    public static readonly ObjectType Rack = Obj("rack", "A rack.",
        Req("height", Count("a number of rack units"), "Height in rack units."),
        F("location", Str(), "Where it stands."));

    public static readonly ObjectType Pdu = Obj("pdu", "A power distribution unit.",
        F("rack", NameRef("rack name"), "Rack it is in."),
        Req("capacityWatts", Count("a number of watts"), "What it can deliver."),
        F("outlets", Int("a count", min: 0), "Number of outlets."));

    public static readonly ObjectType Cadaster = Obj("cadaster", "The hardware that exists: facts, never configuration.",
        F("compute", Map(Host, "machines by canon name"), "Machines."),
        F("storage", Obj("storage", "Disks and pools.",
            F("disks", Map(Disk, "disks by name"), "Disks."),
            F("pools", Map(Pool, "pools by name"), "Pools, by name: a ZFS pool's begins with a letter, then letters, digits, '-', '_', '.', ':' or spaces, and is not log or mirror..., raidz..., draid..., spare... (zpool create's words).")), "Storage."),
        F("network", Obj("networkHardware", "Network equipment.",
            F("switches", Map(Switch, "switches by name"), "Switches."),
            F("routers", Map(Router, "routers by name"), "Routers."),
            F("firewalls", Map(Firewall, "firewalls by name"), "Firewalls.")), "Network hardware."),
        F("racks", Map(Rack, "racks by name"), "Racks."),
        F("power", Map(Pdu, "PDUs by name"), "PDUs."));

    public static readonly ObjectType Dhcp = Obj("dhcp", "DHCP on this network: who serves it, and the dynamic pool.",
        F("server", NameRef("host name"), "The host that serves DHCP here: it receives this network's DHCP configuration."),
        F("daemon", Enum("DHCP daemon", "dnsmasq", "kea"), "What the server runs (default dnsmasq; on an IPv6 network kea, which serves DHCPv6)."),
        F("from", Ip(), "First address of the pool (with to; without a pool only reserved MACs get an address)."),
        F("to", Ip(), "Last address of the pool."),
        F("leaseTime", Str("a duration such as 12h"), "Lease time (default 12h)."));

    public static readonly ObjectType Network = Obj("network", "A logical network.",
        Req("cidr", Cidr(), "Its addresses."),
        F("vlan", VlanId(), "VLAN id on the switches."),
        F("gateway", Ip(), "Default gateway."),
        F("dns", List(Ip(), "addresses"), "DNS servers handed out."),
        F("dhcp", Dhcp, "DHCP service and pool (none: addresses are static)."),
        F("domain", Str("domain name"), "Search domain handed out."),
        F("untrusted", Bool(), "Traffic here may be hostile (no plain-text netboot)."),
        F("reverseDns", Bool(), "The site serves this network's reverse zone (default true)."),
        F("bridge", Str("bridge name"), "Bridge VMs attach to on this network (default br-NAME): an interface name, at most 15 bytes, so a network whose name is longer than 12 characters and has VMs needs one."),
        F("mtu", Int("an MTU in bytes", 68, 65535), "MTU of the interfaces that carry this network (default: the interface's own); at least 1280 on an IPv6 network (RFC 8200)."),
        F("description", Str(), "Free text."));

    private static readonly ScalarType RecordValue = Str("record data");

    public static readonly ObjectType RecordSet = Obj("records", "The records at one name.",
        F("A", new OneOrManyType(Ip("an IPv4 address"), "one address or a list"), "IPv4 addresses."),
        F("AAAA", new OneOrManyType(Ip("an IPv6 address"), "one address or a list"), "IPv6 addresses."),
        F("CNAME", Str("a domain name"), "Alias target."),
        F("MX", new OneOrManyType(RecordValue, "'10 mail.example.tld.' or a list"), "Mail exchangers."),
        F("TXT", new OneOrManyType(RecordValue, "text or a list"), "Text records."),
        F("NS", new OneOrManyType(RecordValue, "name servers"), "Delegation."),
        F("SRV", new OneOrManyType(RecordValue, "'0 5 5060 sip.example.tld.' or a list"), "Service records."),
        F("PTR", Str("a domain name"), "Pointer (reverse zones)."),
        F("ttl", Ttl(), "TTL for these records."));

    public static readonly ObjectType Domain = Obj("domain", "A DNS domain the site serves.",
        F(SiteKeys.Nameservers, List(NameRef("host name"), "hosts"), "Machines that serve the zone."),
        F("records", Map(RecordSet, "records by name; @ is the apex"), "Records."),
        F("ttl", Ttl(), "Default TTL (default 3600)."),
        F("private", Bool(), "Only served inside the site (split horizon)."),
        F("public", Bool(), "Published to the internet: generated names get the public addresses of their machines only (no canon CNAMEs), names without one are left out, and the zone is signed with DNSSEC."),
        F("description", Str(), "Free text."));

    public static readonly ObjectType RoleOption = Obj("roleOption", "An option the role accepts in extraOpts.",
        Req("type", Enum("option type", "string", "int", "bool", "enum", "size", "list", "any"), "Its type."),
        F("values", List(Str("value"), "values"), "Allowed values of an enum."),
        F("default", new AnyType("the default value"), "Value when extraOpts does not set it."),
        F("description", Str(), "What it does."));

    public static readonly ObjectType Resources = Obj("resources", "What an instance needs from its host.",
        F("cpus", Count("a number of vCPUs"), "vCPUs."),
        F("memory", Size(), "Memory."),
        F("disk", Size(), "Disk."));

    public static readonly ObjectType Service = Obj("service", "A port the role listens on.",
        Req("port", Port(), "The port, tcp/5432 or 5432."),
        F("protocol", Enum("protocol", "tcp", "udp"), "Protocol when the port does not say (default tcp); another than the port says is an error."),
        F("networks", List(NameRef("network name"), "networks"), "Networks it listens on (default all of the machine's)."),
        F("clients", List(NameRef("network name"), "networks"), "Networks whose machines must reach it."),
        F("interface", NameRef("interface name"), "Interface the port is opened on."));

    public static readonly ObjectType Requirement = Obj("requirement", "Another role that must be placed in the constellation.",
        Req("role", NameRef("role name"), "The role."),
        F("extraOpts", new AnyType("option values the required instance must have"), "Option values it must have."),
        F("when", new AnyType("this role's option values for which the requirement holds"), "Condition on this role's options."));

    public static readonly ObjectType Mount = Obj("mount", "A filesystem the role mounts or exports.",
        Req("path", Str("absolute path"), "Mount point."),
        F("dataset", Str("pool/dataset"), "Dataset backing it."),
        F("source", Str("device or nfs source"), "What is mounted."),
        F("export", Bool(), "The role exports it (NFS)."));

    public static readonly ObjectType Metric = Obj("metric", "A Prometheus endpoint.",
        Req("port", Port(), "The TCP port it is scraped on, 9100 or tcp/9100."),
        F("path", Str("URL path"), "Path (default /metrics)."),
        F("job", Str("job name"), "Job name (default the role's name)."));

    public static readonly ObjectType ProxyEntry = Obj("proxyEntry", "A subdomain reverse-proxied to a backend port.",
        Req("port", Port("backend port"), "Backend port on the instance, one TCP port (8000 or tcp/8000)."),
        F("frontendPort", PortNumber(), "Plain-HTTP port nginx listens on (default 80); it redirects to HTTPS when the name has TLS (proxy.tls)."),
        F("httpsPort", PortNumber(), "HTTPS port nginx listens on when the name has TLS (default 443)."),
        F("websocket", Bool(), "Pass websocket upgrades (default true)."),
        F(SiteKeys.MaxBodySize, Size(), "Largest request body (upload) passed (default proxy.maxBodySize, 100MiB)."),
        F(SiteKeys.Timeout, Str("a duration such as 60s or 5m"), "How long nginx waits for the backend (default proxy.timeout, 60s)."));

    public static readonly ObjectType DashboardEntry = Obj("dashboardEntry", "One item on the site dashboard (Dashy).",
        Req("title", Str(), "Title."),
        F("url", Str("URL"), "Link (default the instance's proxied URL)."),
        F("icon", Str(), "Icon."),
        F("description", Str(), "Description."),
        F("section", Str(), "Section (default the constellation)."));

    public static readonly ObjectType RoleFile = Obj("roleFile", "A file the files driver renders.",
        Req("path", Str("absolute path"), "Where it is installed."),
        Req("template", Str("path relative to the site"), "Liquid template, rendered with the machine's view."),
        F("mode", Str("octal mode such as 0644"), "File mode, in octal: 3 or 4 digits from 0 to 7, such as 644, 0640 or 0755 (default 0644)."));

    public static readonly ObjectType RoleConfig = Obj("roleConfig", "What the drivers install for this role.",
        F("nixos", new AnyType("NixOS driver payload, such as { flake: '.#database' }"), "NixOS driver payload."),
        F("files", List(RoleFile, "files"), "Rendered files."),
        F("activate", List(Str("shell command"), "commands"), "Commands run after installing files."),
        F("settings", new AnyType("free-form configuration merged across the roles of one machine"), "Role settings."));

    public static readonly ObjectType HealthCheck = Obj("healthCheck", "A check after activation (docs/deploy.md): exactly one of command, tcp or http.",
        F("command", Str("shell command"), "Run on the machine by sh -c; it passes when it exits 0."),
        F("tcp", PortNumber(), "Passes when the deployer opens a TCP connection to this port of the machine's address."),
        F("http", PortNumber(), "Passes when an HTTP GET from the deployer to this port of the machine's address answers with the status expected."),
        F("path", Str("URL path"), "http: the path asked for (default /)."),
        F("status", Int("an HTTP status", 100, 599), "http: the status expected (default: any 2xx)."),
        F("interval", Str("a duration such as 2s"), "Time between two tries (default 2s)."),
        F(SiteKeys.Timeout, Str("a duration such as 30s or 2m"), "The check fails when it has not passed within this time (default 30s)."));

    public static readonly ObjectType Role = Obj("role", "A reusable machine role.",
        F("description", Str(), "Free text."),
        F("options", Map(RoleOption, "options by name"), "Options set through extraOpts."),
        F("resources", Resources, "Resources an instance needs."),
        F("services", Map(Service, "services by name"), "Ports it listens on."),
        F("requires", List(Requirement, "requirements"), "Roles that must be placed too."),
        F("mounts", List(Mount, "mounts"), "Filesystems."),
        F("metrics", List(Metric, "endpoints"), "Prometheus endpoints."),
        F("proxy", Map(ProxyEntry, "subdomain to backend"), "Reverse-proxied subdomains."),
        F("dashboard", List(DashboardEntry, "entries"), "Dashboard entries."),
        F("provides", List(Enum("site service", "prometheus", "dashboard"), "site services"), "Site services this role runs: its machines receive their configuration (prometheus: the scrape targets; dashboard: Dashy's conf.yml)."),
        F("config", RoleConfig, "Driver payload."),
        F("backup", List(Str("shell command"), "commands"), "Run on each of its machines (sh -c) before deploy or switch activates a new generation; a failure stops that machine and nothing is activated."),
        F("restore", List(Str("shell command"), "commands"), "Run on each of its machines (sh -c) by 'elenta rollback --restore', after the older generation is active again."),
        F("health", List(HealthCheck, "checks"), "Checks after activation; a failed one rolls the machine back to its previous generation by itself (unless --no-rollback)."),
        F("after", List(NameRef("role or machine name"), "names"), "Roles (their machines) or machines deployed before the machines of this role: DNS and routers first."),
        F("needs", List(NameRef("network name"), "networks"), "Networks a machine with this role must have a canon address on."),
        F("maxPerConstellation", Count("a count"), "Most instances one constellation may place."),
        F("spread", Enum("anti-affinity", "host", "none"), "host: never two instances on one host."));

    public static readonly ObjectType Address = Obj("address", "A guest's address on a network.",
        Req("network", NameRef("network name"), "Network."),
        Req("ip", Ip(), "Address."));

    public static readonly ObjectType Instance = Obj("instance", "A role placed on a machine, a VM or a container.",
        Req("role", NameRef("role name"), "The role."),
        F("extraOpts", new AnyType("option values, as the role declares them"), "Role option values."),
        F("resources", Resources, "Resources (VMs and containers; default the role's)."),
        F("address", Address, "The guest's own address (VMs, containers with their own network)."),
        F("mac", Mac(), "The guest NIC's MAC."),
        F(SiteKeys.Ssh, Ssh, "The guest's SSH host key and login."),
        F("description", Str(), "Free text."));

    public static readonly ObjectType Placement = Obj("placement", "What one machine runs in a constellation.",
        F("hostConfig", Map(Instance, "instances by name"), "Roles merged onto the host itself."),
        F("vms", Map(Instance, "VMs by name"), "Virtual machines on the host."),
        F("containers", Map(Instance, "containers by name"), "Containers on the host."));

    public static readonly ObjectType Constellation = Obj("constellation", "A mapping of roles onto machines.",
        F("domain", Str("domain name"), "Domain its instances are named in."),
        F("redirectBareTo", Str("subdomain"), "Redirect the bare domain to this subdomain."),
        F("description", Str(), "Free text."),
        F("machines", Map(Placement, "by canon machine name"), "Placements."));

    public static readonly ObjectType Site = Obj("site", "An Elenta site: the merge of every file under the site directory.",
        F("site", Str("site name"), "The site's name (elenta.yaml)."),
        F("description", Str(), "Free text."),
        F("overlays", List(Str("directory"), "directories"), "Other site directories merged into this one."),
        F("ignore", List(Str("directory"), "directories"), "Directories under the site not to read."),
        F("canonDomain", Str("domain name"), "The canon domain (default canon)."),
        F(SiteKeys.NetbootStore, NetbootStore, "Netboot store."),
        F("analysis", Analysis, "Analysis settings."),
        F(SiteKeys.Dns, DnsSettings, "Site-wide DNS settings."),
        F(SiteKeys.Proxy, ProxySettings, "Site-wide reverse proxy settings: limits and TLS."),
        F("firewall", FirewallSettings, "Site-wide firewall settings for the input firewalls every managed machine gets."),
        F(SiteKeys.State, StateSettings, "Where the deployer's journal is kept: PostgreSQL for a team (default: SQLite in .elenta/state.db)."),
        F("cadaster", Cadaster, "Hardware."),
        F("networks", Map(Network, "networks by name"), "Networks."),
        F("domains", Map(Domain, "domains by name"), "DNS domains."),
        F("roles", Map(Role, "roles by name"), "Roles."),
        F("constellations", Map(Constellation, "constellations by name"), "Constellations."));
}

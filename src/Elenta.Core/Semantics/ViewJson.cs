using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Semantics;

/// <summary>
/// Resolved views as JSON trees: what <c>elenta show</c> prints and what a NixOS configuration reads
/// with <c>builtins.fromJSON</c>. Key order is fixed, so the same site gives the same bytes.
/// </summary>
public static class ViewJson
{
    /// <summary>
    /// The version of views/NAME.json's format (docs/views.md): raised when a field is removed,
    /// renamed or changes meaning; new fields do not raise it. docs/schemas/view.schema.json
    /// describes this version.
    /// </summary>
    public const int SchemaVersion = 1;

    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary><see cref="Indented"/> for a <see cref="Utf8JsonWriter"/>.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = Indented.Encoder, NewLine = Indented.NewLine };

    public static string Serialize(JsonNode node) => node.ToJsonString(Indented) + "\n";

    /// <summary>Writes JSON with <see cref="WriterOptions"/> and the final newline every JSON file of a build ends with.</summary>
    /// <param name="capacity">A first guess at the size, so a large file's buffer need not grow again and again.</param>
    public static byte[] Utf8(Action<Utf8JsonWriter> write, int capacity = 4096)
    {
        // A build writes tens of thousands of JSON files: each thread keeps one buffer and one
        // writer and reuses them, so only the finished bytes are new memory. A nested call (none
        // today) would find the slot empty and make its own.
        System.Buffers.ArrayBufferWriter<byte> buffer;
        Utf8JsonWriter writer;
        if (scratch is { } reused && reused.Buffer.Capacity >= capacity)
        {
            (buffer, writer) = reused;
            scratch = null;
        }
        else
        {
            // A file larger than the kept buffer gets a buffer of its own size at once, rather than
            // one that doubles its way there (a Kea configuration is megabytes).
            buffer = new System.Buffers.ArrayBufferWriter<byte>(capacity);
            writer = new Utf8JsonWriter(buffer, WriterOptions);
        }

        try
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            write(writer);
            writer.Flush();
            System.Buffers.BuffersExtensions.Write(buffer, "\n"u8);
            // Every byte is overwritten at once: the array need not be zeroed first (ToArray would).
            var bytes = GC.AllocateUninitializedArray<byte>(buffer.WrittenCount);
            buffer.WrittenSpan.CopyTo(bytes);
            return bytes;
        }
        finally
        {
            writer.Reset();
            if (buffer.Capacity <= 1 << 20)
            {
                scratch = (buffer, writer); // a rare multi-megabyte file does not keep its buffer
            }
        }
    }

    [ThreadStatic]
    private static (System.Buffers.ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? scratch;

    /// <summary>A machine's view as the bytes of views/NAME.json (written straight out: a build writes tens of thousands).</summary>
    /// <param name="withDirectories">
    /// true: the directory of every constellation the machine takes part in is inlined under
    /// "constellations" (for templates); false: "constellations" lists their names, and each
    /// directory is its own file (views/constellations/NAME.json), so a site of N machines does not
    /// write N copies of every directory.
    /// </param>
    public static byte[] MachineUtf8(ResolvedSite resolved, MachineView view, bool withDirectories = false) =>
        Utf8(w => WriteMachine(w, resolved, view, withDirectories));

    /// <summary>
    /// Reading back what was written: as deep as the writer goes (1,000 levels), not the reader's
    /// default of 64 - an option value may nest up to the loaders' 200 levels, inside the view's own.
    /// </summary>
    private static readonly JsonDocumentOptions ReadBack = new() { MaxDepth = 1000 };

    /// <summary>The same view as a JSON tree, for <c>elenta show</c> and templates.</summary>
    public static JsonObject Machine(ResolvedSite resolved, MachineView view, bool withDirectories = false) =>
        JsonNode.Parse(MachineUtf8(resolved, view, withDirectories), documentOptions: ReadBack)!.AsObject();

    public static byte[] ConstellationUtf8(ConstellationView view) => Utf8(w => WriteConstellation(w, view));

    public static JsonObject Constellation(ConstellationView view) => JsonNode.Parse(ConstellationUtf8(view), documentOptions: ReadBack)!.AsObject();

    public static JsonObject Network(ResolvedSite resolved, Network network) => JsonNode.Parse(Utf8(w => WriteNetwork(w, resolved, network)), documentOptions: ReadBack)!.AsObject();

    private static void WriteMachine(Utf8JsonWriter w, ResolvedSite resolved, MachineView view, bool withDirectories)
    {
        var site = resolved.Site;
        var setup = MachineSetup.Of(resolved, view);
        w.WriteStartObject();
        w.WriteNumber(P.schemaVersion, SchemaVersion);
        w.WriteString(P.site, site.Settings.Name);
        w.WriteString(P.name, view.Name);
        w.WriteString(P.kind, KindName(view.Kind));
        if (view.Host is not null)
        {
            w.WriteString(P.host, view.Host);
        }

        w.WriteString(P.canonName, resolved.Names.CanonFqdn(view.Name));
        w.WriteString(P.hostId, setup.HostId);
        w.WriteStartArray(P.addresses);
        foreach (var a in view.Addresses)
        {
            WriteAddress(w, a, machine: null);
        }

        w.WriteEndArray();
        WriteNetworking(w, setup);
        w.WriteStartObject(P.resources);
        if (view.Cpus is { } cpus)
        {
            w.WriteNumber(P.cpus, cpus);
        }

        if (view.Memory is { } mem)
        {
            w.WriteString(P.memory, mem.ToString());
            w.WriteNumber(P.memoryBytes, mem.Bytes);
        }

        if (view.Disk is { } disk)
        {
            w.WriteString(P.disk, disk.ToString());
            w.WriteNumber(P.diskBytes, disk.Bytes);
        }

        w.WriteEndObject();
        if (view.Kind == InstanceKind.Host && site.Cadaster.Hosts[view.Name] is { } host)
        {
            w.WritePropertyName(P.cadaster);
            WriteHost(w, host);
        }

        w.WriteStartArray(P.roles);
        foreach (var r in view.Roles)
        {
            w.WriteStartObject();
            w.WriteString(P.instance, r.Instance);
            w.WriteString(P.role, r.Role);
            w.WriteString(P.constellation, r.Constellation);
            w.WriteString(P.placement, KindName(r.Kind));
            WriteOptions(w, r.Options);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteServices(w, setup);
        WriteStorage(w, site, setup);
        w.WriteStartArray(P.peers);
        foreach (var peer in setup.Peers)
        {
            w.WriteStartObject();
            w.WriteString(P.name, peer.Name);
            w.WriteString(P.canonName, peer.CanonName);
            WriteStrings(w, P.reasons, peer.Reasons);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteStrings(w, P.guests, view.Guests);
        if (!withDirectories)
        {
            WriteStrings(w, P.constellations, view.Constellations);
        }
        else
        {
            w.WriteStartObject(P.constellations);
            foreach (var name in LastWins(view.Constellations, n => n))
            {
                if (resolved.Constellations.FirstOrDefault(c => c.Name == name) is { } c)
                {
                    w.WritePropertyName(name);
                    WriteConstellation(w, c);
                }
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteNetworking(Utf8JsonWriter w, MachineSetup setup)
    {
        w.WriteStartObject(P.networking);
        w.WriteBoolean(P.predictableInterfaceNames, setup.PredictableInterfaceNames);
        w.WriteStartObject(P.interfaces);
        foreach (var i in LastWins(setup.Interfaces, i => i.Name))
        {
            w.WriteStartObject(i.Name);
            w.WriteString(P.kind, i.Kind);
            if (i.Mac is { } nicMac)
            {
                WriteMac(w, P.mac, nicMac);
            }
            WriteOptional(w, P.mtu, i.Mtu);
            if (i.Kind is "bond" or "bridge")
            {
                WriteStrings(w, P.members, i.Members);
            }

            WriteOptional(w, P.bondMode, i.BondMode);
            WriteOptional(w, P.vlan, i.Vlan);
            WriteOptional(w, P.parent, i.Parent);
            WriteOptional(w, P.bridge, i.Bridge);
            if (i.Wireless)
            {
                w.WriteBoolean(P.wireless, true);
            }

            w.WriteStartArray(P.addresses);
            foreach (var a in i.Addresses)
            {
                w.WriteStartObject();
                WriteIp(w, P.address, a.Ip);
                w.WriteNumber(P.prefixLength, a.PrefixLength);
                w.WriteString(P.family, a.Ip.IsV6 ? "ipv6" : "ipv4");
                w.WriteString(P.network, a.Network);
                WriteOptional(w, P.label, a.Label);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
        if (setup.Gateway is { } gateway)
        {
            w.WriteStartObject(P.defaultGateway);
            WriteIp(w, P.address, gateway.Address);
            w.WriteString(P.network, gateway.Network);
            WriteOptional(w, P.@interface, gateway.Interface);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull(P.defaultGateway);
        }

        WriteIps(w, P.nameservers, setup.Nameservers);
        WriteStrings(w, P.search, setup.Search);
        w.WriteStartObject(P.networks);
        foreach (var n in setup.Networks)
        {
            w.WriteStartObject(n.Name);
            WriteNetwork(w, P.cidr, n.Cidr);
            w.WriteNumber(P.prefixLength, n.Cidr.PrefixLength);
            if (n.Gateway is { } networkGateway)
            {
                WriteIp(w, P.gateway, networkGateway);
            }

            WriteIps(w, P.dns, n.Dns);
            WriteOptional(w, P.domain, n.SearchDomain);
            WriteOptional(w, P.vlan, n.Vlan);
            WriteOptional(w, P.mtu, n.Mtu);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteServices(Utf8JsonWriter w, MachineSetup setup)
    {
        w.WriteStartArray(P.services);
        foreach (var s in setup.Services)
        {
            w.WriteStartObject();
            w.WriteString(P.instance, s.Instance);
            w.WriteString(P.role, s.Role);
            w.WriteString(P.name, s.Name);
            WritePort(w, s.Port);
            WriteStrings(w, P.networks, s.Networks);
            WriteStrings(w, P.interfaces, s.Interfaces);
            WriteStrings(w, P.clients, s.Clients);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject(P.firewall);
        w.WriteStartObject(P.input);
        // "accept": Elenta gives the machine no chain of its own (a container in its host's network
        // stack, whose host's chain opens its ports; a host Elenta does not manage).
        w.WriteString(P.policy, setup.Input.HasChain ? "drop" : "accept");
        w.WriteStartArray(P.rules);
        foreach (var r in setup.Input.Openings)
        {
            w.WriteStartObject();
            w.WriteString(P.comment, r.Comment);
            w.WriteString(P.reason, r.Reason);
            WritePort(w, r.Port);
            w.WriteStartArray(P.sources);
            foreach (var source in r.Sources)
            {
                WriteValue(w, source);
            }

            w.WriteEndArray();
            w.WriteStartArray(P.destinations);
            foreach (var destination in r.Destinations)
            {
                WriteValue(w, destination);
            }

            w.WriteEndArray();
            w.WriteStartArray(P.interfaces);
            if (r.Interface is { } nic)
            {
                w.WriteStringValue(nic);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WritePort(Utf8JsonWriter w, PortSpec port)
    {
        w.WriteString(P.protocol, port.Protocol == Protocol.Tcp ? "tcp" : "udp");
        w.WriteNumber(P.port, port.From);
        w.WriteNumber(P.portTo, port.To);
    }

    private static void WriteStorage(Utf8JsonWriter w, Site site, MachineSetup setup)
    {
        w.WriteStartArray(P.mounts);
        foreach (var m in setup.Mounts)
        {
            w.WriteStartObject();
            w.WriteString(P.path, m.Path);
            w.WriteString(P.kind, m.Kind);
            WriteOptional(w, P.device, m.Device);
            WriteOptional(w, P.fsType, m.FsType);
            WriteStrings(w, P.options, m.Options);
            WriteOptional(w, P.dataset, m.Dataset);
            w.WriteBoolean(P.automount, m.Automount);
            WriteOptional(w, P.server, m.Server);
            w.WriteString(P.instance, m.Instance);
            w.WriteString(P.role, m.Role);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray(P.exports);
        foreach (var e in setup.Exports)
        {
            w.WriteStartObject();
            w.WriteString(P.path, e.Path);
            WriteOptional(w, P.dataset, e.Dataset);
            WriteStrings(w, P.clientNetworks, e.ClientNetworks);
            WriteStrings(w, P.clients, e.Clients);
            w.WriteString(P.instance, e.Instance);
            w.WriteString(P.role, e.Role);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray(P.pools);
        foreach (var pool in setup.Pools)
        {
            w.WriteStartObject();
            w.WriteString(P.name, pool.Name);
            w.WriteString(P.type, pool.Type);
            WriteOptional(w, P.layout, pool.Layout);
            w.WriteStartArray(P.disks);
            foreach (var d in PoolDisks.Of(site.Cadaster, pool))
            {
                w.WriteStartObject();
                w.WriteString(P.name, d.Name);
                WriteOptional(w, P.wwn, d.Wwn?.ToString());
                WriteOptional(w, P.device, d.Wwn?.ByIdPath ?? (d.IsPath ? d.Item.Text : null));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray(P.datasets);
            foreach (var ds in pool.Datasets)
            {
                w.WriteStartObject();
                w.WriteString(P.name, $"{pool.Name}/{ds.Name}");
                WriteOptional(w, P.mountpoint, ds.Mountpoint);
                if (ds.Size is { } size)
                {
                    w.WriteString(P.quota, size.ToString());
                    w.WriteNumber(P.quotaBytes, size.Bytes);
                }

                w.WriteStartObject(P.options);
                foreach (var (key, value) in ds.Options.OrderBy(o => o.Key, StringComparer.Ordinal))
                {
                    w.WriteString(key, value);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter w, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, JsonEncodedText name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    private static void WriteConstellation(Utf8JsonWriter w, ConstellationView view)
    {
        w.WriteStartObject();
        w.WriteString(P.name, view.Name);
        if (view.Domain is not null)
        {
            w.WriteString(P.domain, view.Domain);
        }

        if (view.RedirectBareTo is not null)
        {
            w.WriteString(P.redirectBareTo, view.RedirectBareTo);
        }

        w.WriteStartObject(P.instances);
        foreach (var i in LastWins(view.Instances, i => i.Name))
        {
            w.WriteStartObject(i.Name);
            w.WriteString(P.role, i.Role);
            w.WriteString(P.placement, KindName(i.Kind));
            w.WriteString(P.host, i.Host);
            w.WriteString(P.machine, i.Machine);
            if (i.Fqdn is not null)
            {
                w.WriteString(P.fqdn, i.Fqdn);
            }

            w.WriteStartArray(P.addresses);
            foreach (var a in i.Addresses)
            {
                WriteAddress(w, a, machine: null);
            }

            w.WriteEndArray();
            WriteOptions(w, i.Options);
            w.WriteStartObject(P.services);
            foreach (var service in LastWins(i.Services, s => s.Name))
            {
                w.WriteStartObject(service.Name);
                w.WriteNumber(P.port, service.Port.From);
                w.WriteString(P.protocol, service.Port.Protocol == Protocol.Tcp ? "tcp" : "udp");
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteNetwork(Utf8JsonWriter w, ResolvedSite resolved, Network network)
    {
        w.WriteStartObject();
        w.WriteString(P.name, network.Name);
        WriteNetwork(w, P.cidr, network.Cidr);
        if (network.Vlan is { } vlan)
        {
            w.WriteNumber(P.vlan, vlan);
        }

        if (network.Gateway is { } gw)
        {
            WriteIp(w, P.gateway, gw);
        }

        WriteIps(w, P.dns, network.Dns);
        if (network.Dhcp is { } dhcp)
        {
            w.WriteStartObject(P.dhcp);
            WriteIp(w, P.from, dhcp.From);
            WriteIp(w, P.to, dhcp.To);
            w.WriteString(P.leaseTime, dhcp.LeaseTime.Text);
            w.WriteEndObject();
        }

        w.WriteBoolean(P.untrusted, network.Untrusted);
        w.WriteString(P.bridge, network.Bridge);
        w.WriteStartArray(P.addresses);
        foreach (var machine in resolved.Machines)
        {
            foreach (var a in machine.Addresses.Where(a => a.Network == network.Name))
            {
                WriteAddress(w, a, machine.Name);
            }
        }

        // Switches are no machines of the site, but their management addresses are on it too.
        foreach (var name in resolved.Names.Canon.Where(n => n.Kind == CanonNameKind.Switch && n.Network == network.Name))
        {
            WriteAddress(w, ViewAddress.OfSwitch(name), name.Machine);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteHost(Utf8JsonWriter w, Host host)
    {
        w.WriteStartObject();
        w.WriteString(P.kind, host.Kind);
        w.WriteStartObject(P.hardware);
        w.WriteString(P.arch, host.Hardware.Arch);
        if (host.Hardware.Model is { } model)
        {
            w.WriteString(P.model, model);
        }

        w.WriteEndObject();
        w.WriteStartObject(P.interfaces);
        foreach (var i in LastWins(host.Interfaces, i => i.Name))
        {
            w.WriteStartObject(i.Name);
            if (i.Mac is { } mac)
            {
                WriteMac(w, P.mac, mac);
            }

            if (i.IsBond)
            {
                WriteStrings(w, P.bond, i.BondMembers);
                if (i.BondMode is not null)
                {
                    w.WriteString(P.mode, i.BondMode);
                }
            }

            if (i.Vlan is { } vlan)
            {
                w.WriteNumber(P.vlan, vlan);
                WriteValue(w, P.parent, i.Parent);
            }

            if (i.AliasOf is not null)
            {
                w.WriteString(P.alias, i.AliasOf);
            }

            if (i.Link is { } link)
            {
                w.WriteString(P.link, $"{link.Switch}:{link.Port}");
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject(P.boot);
        w.WriteString(P.mode, host.Boot.Mode == BootMode.Netboot ? "netboot" : "disk");
        w.WriteString(P.firmware, host.Boot.Firmware == Firmware.Bios ? "bios" : "uefi");
        w.WriteEndObject();
        w.WriteString(P.driver, host.Driver.ToString().ToLowerInvariant());
        WriteStrings(w, P.tags, host.Tags);
        if (host.Ssh is { } ssh)
        {
            w.WriteStartObject(P.ssh);
            w.WriteString(P.user, ssh.User);
            w.WriteNumber(P.port, ssh.Port);
            w.WriteBoolean(P.hasHostKey, ssh.HostKey is not null);
            w.WriteEndObject();
        }

        if (host.Rack is { } rack)
        {
            w.WriteStartObject(P.rack);
            w.WriteString(P.name, rack.Rack);
            w.WriteNumber(P.unit, rack.Unit);
            w.WriteNumber(P.height, rack.Height);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <param name="machine">For a network's member list: the machine the address belongs to, written last.</param>
    private static void WriteAddress(Utf8JsonWriter w, ViewAddress a, string? machine)
    {
        w.WriteStartObject();
        w.WriteString(P.fqdn, a.Fqdn);
        w.WriteString(P.network, a.Network);
        WriteIp(w, P.ip, a.Ip);
        if (a.Interface is not null)
        {
            w.WriteString(P.@interface, a.Interface);
        }

        if (a.Mac is { } mac)
        {
            WriteMac(w, P.mac, mac);
        }

        w.WriteBoolean(P.primary, a.Primary);
        w.WriteString(P.source, a.Source);
        if (machine is not null)
        {
            w.WriteString(P.machine, machine);
        }

        w.WriteEndObject();
    }

    private static void WriteOptions(Utf8JsonWriter w, IReadOnlyDictionary<string, object?> options)
    {
        w.WriteStartObject(P.options);
        // By key, sorted in a rented array: every view has options, and a LINQ sort per view showed.
        var count = options.Count;
        var sorted = System.Buffers.ArrayPool<KeyValuePair<string, object?>>.Shared.Rent(count);
        var n = 0;
        foreach (var pair in options)
        {
            sorted[n++] = pair;
        }

        Array.Sort(sorted, 0, n, OptionKeyOrder.Instance);
        for (var i = 0; i < n; i++)
        {
            WriteValue(w, sorted[i].Key, sorted[i].Value);
        }

        Array.Clear(sorted, 0, n);
        System.Buffers.ArrayPool<KeyValuePair<string, object?>>.Shared.Return(sorted);
        w.WriteEndObject();
    }

    private sealed class OptionKeyOrder : IComparer<KeyValuePair<string, object?>>
    {
        public static readonly OptionKeyOrder Instance = new();

        public int Compare(KeyValuePair<string, object?> x, KeyValuePair<string, object?> y) => string.CompareOrdinal(x.Key, y.Key);
    }

    private static void WriteStrings(Utf8JsonWriter w, JsonEncodedText name, IEnumerable<string> items)
    {
        w.WriteStartArray(name);
        foreach (var item in items)
        {
            w.WriteStringValue(item);
        }

        w.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter w, string name, object? value)
    {
        w.WritePropertyName(name);
        WriteValue(w, value);
    }

    private static void WriteValue(Utf8JsonWriter w, JsonEncodedText name, object? value)
    {
        w.WritePropertyName(name);
        WriteValue(w, value);
    }

    /// <summary>An option value or a free-form merged node as JSON.</summary>
    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case long l:
                w.WriteNumberValue(l);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case ByteSize size:
                w.WriteStringValue(size.ToString());
                break;
            case IEnumerable<string> list:
                w.WriteStartArray();
                foreach (var x in list)
                {
                    w.WriteStringValue(x);
                }

                w.WriteEndArray();
                break;
            case MergedNode node:
                WriteTree(w, node);
                break;
            default:
                w.WriteStringValue(value.ToString());
                break;
        }
    }

    /// <summary>A merged subtree as JSON: plain scalars that look like numbers or booleans become them.</summary>
    private static void WriteTree(Utf8JsonWriter w, MergedNode node)
    {
        switch (node)
        {
            case MergedMapping m:
                w.WriteStartObject();
                foreach (var (key, child) in m.Entries)
                {
                    w.WritePropertyName(key);
                    WriteTree(w, child);
                }

                w.WriteEndObject();
                break;
            case MergedSequence s:
                w.WriteStartArray();
                foreach (var item in s.Items)
                {
                    WriteTree(w, item);
                }

                w.WriteEndArray();
                break;
            case MergedScalar { IsNull: true }:
                w.WriteNullValue();
                break;
            case MergedScalar { IsQuoted: false, Text: "true" }:
                w.WriteBooleanValue(true);
                break;
            case MergedScalar { IsQuoted: false, Text: "false" }:
                w.WriteBooleanValue(false);
                break;
            case MergedScalar { IsQuoted: false } sc when long.TryParse(sc.Text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l):
                w.WriteNumberValue(l);
                break;
            case MergedScalar sc:
                w.WriteStringValue(sc.Text);
                break;
            default:
                w.WriteNullValue();
                break;
        }
    }

    private static void WriteIp(Utf8JsonWriter w, JsonEncodedText name, IpAddress ip)
    {
        Span<char> text = stackalloc char[IpAddress.MaxTextLength];
        w.WriteString(name, text[..ip.Format(text)]);
    }

    private static void WriteNetwork(Utf8JsonWriter w, JsonEncodedText name, IpNetwork network)
    {
        Span<char> text = stackalloc char[IpNetwork.MaxTextLength];
        w.WriteString(name, text[..network.Format(text)]);
    }

    private static void WriteMac(Utf8JsonWriter w, JsonEncodedText name, MacAddress mac)
    {
        Span<char> text = stackalloc char[MacAddress.TextLength];
        w.WriteString(name, text[..mac.Format(text)]);
    }

    private static void WriteValue(Utf8JsonWriter w, IpNetwork network)
    {
        Span<char> text = stackalloc char[IpNetwork.MaxTextLength];
        w.WriteStringValue(text[..network.Format(text)]);
    }

    private static void WriteValue(Utf8JsonWriter w, IpAddress ip)
    {
        Span<char> text = stackalloc char[IpAddress.MaxTextLength];
        w.WriteStringValue(text[..ip.Format(text)]);
    }

    private static void WriteIps(Utf8JsonWriter w, JsonEncodedText name, IReadOnlyList<IpAddress> ips)
    {
        w.WriteStartArray(name);
        foreach (var ip in ips)
        {
            WriteValue(w, ip);
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// Items by name, each name once at its first place with its last item: what assigning them one
    /// by one to a JSON object gives. Names are unique in a checked site; this keeps show and
    /// templates well-formed on one that is not.
    /// </summary>
    private static IEnumerable<T> LastWins<T>(IReadOnlyList<T> items, Func<T, string> name)
    {
        if (items.Count < 2)
        {
            return items;
        }

        if (items.Count <= 8)
        {
            // Most lists (a host's interfaces, an instance's services) are short and have no name twice: no dictionary for them.
            var twice = false;
            for (var i = 1; i < items.Count && !twice; i++)
            {
                var n = name(items[i]);
                for (var j = 0; j < i; j++)
                {
                    if (string.Equals(n, name(items[j]), StringComparison.Ordinal))
                    {
                        twice = true;
                        break;
                    }
                }
            }

            if (!twice)
            {
                return items;
            }
        }

        var last = new Dictionary<string, T>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            last[name(item)] = item;
        }

        if (last.Count == items.Count)
        {
            return items;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        return items.Where(i => seen.Add(name(i))).Select(i => last[name(i)]).ToList();
    }

    public static string KindName(InstanceKind kind) => kind switch
    {
        InstanceKind.Vm => "vm",
        InstanceKind.Container => "container",
        _ => "host",
    };

    /// <summary>Every fixed property name, encoded once: the writer then copies bytes instead of checking and transcoding the name each time (a build writes hundreds of thousands).</summary>
    private static class P
    {
        public static readonly JsonEncodedText address = JsonEncodedText.Encode("address", Indented.Encoder);
        public static readonly JsonEncodedText addresses = JsonEncodedText.Encode("addresses", Indented.Encoder);
        public static readonly JsonEncodedText alias = JsonEncodedText.Encode("alias", Indented.Encoder);
        public static readonly JsonEncodedText arch = JsonEncodedText.Encode("arch", Indented.Encoder);
        public static readonly JsonEncodedText automount = JsonEncodedText.Encode("automount", Indented.Encoder);
        public static readonly JsonEncodedText bond = JsonEncodedText.Encode("bond", Indented.Encoder);
        public static readonly JsonEncodedText bondMode = JsonEncodedText.Encode("bondMode", Indented.Encoder);
        public static readonly JsonEncodedText boot = JsonEncodedText.Encode("boot", Indented.Encoder);
        public static readonly JsonEncodedText bridge = JsonEncodedText.Encode("bridge", Indented.Encoder);
        public static readonly JsonEncodedText cadaster = JsonEncodedText.Encode("cadaster", Indented.Encoder);
        public static readonly JsonEncodedText canonName = JsonEncodedText.Encode("canonName", Indented.Encoder);
        public static readonly JsonEncodedText cidr = JsonEncodedText.Encode("cidr", Indented.Encoder);
        public static readonly JsonEncodedText clientNetworks = JsonEncodedText.Encode("clientNetworks", Indented.Encoder);
        public static readonly JsonEncodedText clients = JsonEncodedText.Encode("clients", Indented.Encoder);
        public static readonly JsonEncodedText comment = JsonEncodedText.Encode("comment", Indented.Encoder);
        public static readonly JsonEncodedText constellation = JsonEncodedText.Encode("constellation", Indented.Encoder);
        public static readonly JsonEncodedText constellations = JsonEncodedText.Encode("constellations", Indented.Encoder);
        public static readonly JsonEncodedText cpus = JsonEncodedText.Encode("cpus", Indented.Encoder);
        public static readonly JsonEncodedText dataset = JsonEncodedText.Encode("dataset", Indented.Encoder);
        public static readonly JsonEncodedText datasets = JsonEncodedText.Encode("datasets", Indented.Encoder);
        public static readonly JsonEncodedText defaultGateway = JsonEncodedText.Encode("defaultGateway", Indented.Encoder);
        public static readonly JsonEncodedText destinations = JsonEncodedText.Encode("destinations", Indented.Encoder);
        public static readonly JsonEncodedText device = JsonEncodedText.Encode("device", Indented.Encoder);
        public static readonly JsonEncodedText dhcp = JsonEncodedText.Encode("dhcp", Indented.Encoder);
        public static readonly JsonEncodedText disk = JsonEncodedText.Encode("disk", Indented.Encoder);
        public static readonly JsonEncodedText diskBytes = JsonEncodedText.Encode("diskBytes", Indented.Encoder);
        public static readonly JsonEncodedText disks = JsonEncodedText.Encode("disks", Indented.Encoder);
        public static readonly JsonEncodedText dns = JsonEncodedText.Encode("dns", Indented.Encoder);
        public static readonly JsonEncodedText domain = JsonEncodedText.Encode("domain", Indented.Encoder);
        public static readonly JsonEncodedText driver = JsonEncodedText.Encode("driver", Indented.Encoder);
        public static readonly JsonEncodedText exports = JsonEncodedText.Encode("exports", Indented.Encoder);
        public static readonly JsonEncodedText family = JsonEncodedText.Encode("family", Indented.Encoder);
        public static readonly JsonEncodedText firewall = JsonEncodedText.Encode("firewall", Indented.Encoder);
        public static readonly JsonEncodedText firmware = JsonEncodedText.Encode("firmware", Indented.Encoder);
        public static readonly JsonEncodedText fqdn = JsonEncodedText.Encode("fqdn", Indented.Encoder);
        public static readonly JsonEncodedText from = JsonEncodedText.Encode("from", Indented.Encoder);
        public static readonly JsonEncodedText fsType = JsonEncodedText.Encode("fsType", Indented.Encoder);
        public static readonly JsonEncodedText gateway = JsonEncodedText.Encode("gateway", Indented.Encoder);
        public static readonly JsonEncodedText guests = JsonEncodedText.Encode("guests", Indented.Encoder);
        public static readonly JsonEncodedText hardware = JsonEncodedText.Encode("hardware", Indented.Encoder);
        public static readonly JsonEncodedText hasHostKey = JsonEncodedText.Encode("hasHostKey", Indented.Encoder);
        public static readonly JsonEncodedText height = JsonEncodedText.Encode("height", Indented.Encoder);
        public static readonly JsonEncodedText host = JsonEncodedText.Encode("host", Indented.Encoder);
        public static readonly JsonEncodedText hostId = JsonEncodedText.Encode("hostId", Indented.Encoder);
        public static readonly JsonEncodedText input = JsonEncodedText.Encode("input", Indented.Encoder);
        public static readonly JsonEncodedText instance = JsonEncodedText.Encode("instance", Indented.Encoder);
        public static readonly JsonEncodedText instances = JsonEncodedText.Encode("instances", Indented.Encoder);
        public static readonly JsonEncodedText @interface = JsonEncodedText.Encode("interface", Indented.Encoder);
        public static readonly JsonEncodedText interfaces = JsonEncodedText.Encode("interfaces", Indented.Encoder);
        public static readonly JsonEncodedText ip = JsonEncodedText.Encode("ip", Indented.Encoder);
        public static readonly JsonEncodedText kind = JsonEncodedText.Encode("kind", Indented.Encoder);
        public static readonly JsonEncodedText label = JsonEncodedText.Encode("label", Indented.Encoder);
        public static readonly JsonEncodedText layout = JsonEncodedText.Encode("layout", Indented.Encoder);
        public static readonly JsonEncodedText leaseTime = JsonEncodedText.Encode("leaseTime", Indented.Encoder);
        public static readonly JsonEncodedText link = JsonEncodedText.Encode("link", Indented.Encoder);
        public static readonly JsonEncodedText mac = JsonEncodedText.Encode("mac", Indented.Encoder);
        public static readonly JsonEncodedText machine = JsonEncodedText.Encode("machine", Indented.Encoder);
        public static readonly JsonEncodedText members = JsonEncodedText.Encode("members", Indented.Encoder);
        public static readonly JsonEncodedText memory = JsonEncodedText.Encode("memory", Indented.Encoder);
        public static readonly JsonEncodedText memoryBytes = JsonEncodedText.Encode("memoryBytes", Indented.Encoder);
        public static readonly JsonEncodedText mode = JsonEncodedText.Encode("mode", Indented.Encoder);
        public static readonly JsonEncodedText model = JsonEncodedText.Encode("model", Indented.Encoder);
        public static readonly JsonEncodedText mountpoint = JsonEncodedText.Encode("mountpoint", Indented.Encoder);
        public static readonly JsonEncodedText mounts = JsonEncodedText.Encode("mounts", Indented.Encoder);
        public static readonly JsonEncodedText mtu = JsonEncodedText.Encode("mtu", Indented.Encoder);
        public static readonly JsonEncodedText name = JsonEncodedText.Encode("name", Indented.Encoder);
        public static readonly JsonEncodedText nameservers = JsonEncodedText.Encode("nameservers", Indented.Encoder);
        public static readonly JsonEncodedText network = JsonEncodedText.Encode("network", Indented.Encoder);
        public static readonly JsonEncodedText networking = JsonEncodedText.Encode("networking", Indented.Encoder);
        public static readonly JsonEncodedText networks = JsonEncodedText.Encode("networks", Indented.Encoder);
        public static readonly JsonEncodedText options = JsonEncodedText.Encode("options", Indented.Encoder);
        public static readonly JsonEncodedText parent = JsonEncodedText.Encode("parent", Indented.Encoder);
        public static readonly JsonEncodedText path = JsonEncodedText.Encode("path", Indented.Encoder);
        public static readonly JsonEncodedText peers = JsonEncodedText.Encode("peers", Indented.Encoder);
        public static readonly JsonEncodedText placement = JsonEncodedText.Encode("placement", Indented.Encoder);
        public static readonly JsonEncodedText policy = JsonEncodedText.Encode("policy", Indented.Encoder);
        public static readonly JsonEncodedText pools = JsonEncodedText.Encode("pools", Indented.Encoder);
        public static readonly JsonEncodedText port = JsonEncodedText.Encode("port", Indented.Encoder);
        public static readonly JsonEncodedText portTo = JsonEncodedText.Encode("portTo", Indented.Encoder);
        public static readonly JsonEncodedText predictableInterfaceNames = JsonEncodedText.Encode("predictableInterfaceNames", Indented.Encoder);
        public static readonly JsonEncodedText prefixLength = JsonEncodedText.Encode("prefixLength", Indented.Encoder);
        public static readonly JsonEncodedText primary = JsonEncodedText.Encode("primary", Indented.Encoder);
        public static readonly JsonEncodedText protocol = JsonEncodedText.Encode("protocol", Indented.Encoder);
        public static readonly JsonEncodedText quota = JsonEncodedText.Encode("quota", Indented.Encoder);
        public static readonly JsonEncodedText quotaBytes = JsonEncodedText.Encode("quotaBytes", Indented.Encoder);
        public static readonly JsonEncodedText rack = JsonEncodedText.Encode("rack", Indented.Encoder);
        public static readonly JsonEncodedText reason = JsonEncodedText.Encode("reason", Indented.Encoder);
        public static readonly JsonEncodedText reasons = JsonEncodedText.Encode("reasons", Indented.Encoder);
        public static readonly JsonEncodedText redirectBareTo = JsonEncodedText.Encode("redirectBareTo", Indented.Encoder);
        public static readonly JsonEncodedText resources = JsonEncodedText.Encode("resources", Indented.Encoder);
        public static readonly JsonEncodedText role = JsonEncodedText.Encode("role", Indented.Encoder);
        public static readonly JsonEncodedText roles = JsonEncodedText.Encode("roles", Indented.Encoder);
        public static readonly JsonEncodedText rules = JsonEncodedText.Encode("rules", Indented.Encoder);
        public static readonly JsonEncodedText schemaVersion = JsonEncodedText.Encode("schemaVersion", Indented.Encoder);
        public static readonly JsonEncodedText search = JsonEncodedText.Encode("search", Indented.Encoder);
        public static readonly JsonEncodedText server = JsonEncodedText.Encode("server", Indented.Encoder);
        public static readonly JsonEncodedText services = JsonEncodedText.Encode("services", Indented.Encoder);
        public static readonly JsonEncodedText site = JsonEncodedText.Encode("site", Indented.Encoder);
        public static readonly JsonEncodedText source = JsonEncodedText.Encode("source", Indented.Encoder);
        public static readonly JsonEncodedText sources = JsonEncodedText.Encode("sources", Indented.Encoder);
        public static readonly JsonEncodedText ssh = JsonEncodedText.Encode("ssh", Indented.Encoder);
        public static readonly JsonEncodedText tags = JsonEncodedText.Encode("tags", Indented.Encoder);
        public static readonly JsonEncodedText to = JsonEncodedText.Encode("to", Indented.Encoder);
        public static readonly JsonEncodedText type = JsonEncodedText.Encode("type", Indented.Encoder);
        public static readonly JsonEncodedText unit = JsonEncodedText.Encode("unit", Indented.Encoder);
        public static readonly JsonEncodedText untrusted = JsonEncodedText.Encode("untrusted", Indented.Encoder);
        public static readonly JsonEncodedText user = JsonEncodedText.Encode("user", Indented.Encoder);
        public static readonly JsonEncodedText vlan = JsonEncodedText.Encode("vlan", Indented.Encoder);
        public static readonly JsonEncodedText wireless = JsonEncodedText.Encode("wireless", Indented.Encoder);
        public static readonly JsonEncodedText wwn = JsonEncodedText.Encode("wwn", Indented.Encoder);
    }
}

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
            return buffer.WrittenSpan.ToArray();
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
        w.WriteNumber("schemaVersion", SchemaVersion);
        w.WriteString("site", site.Settings.Name);
        w.WriteString("name", view.Name);
        w.WriteString("kind", KindName(view.Kind));
        if (view.Host is not null)
        {
            w.WriteString("host", view.Host);
        }

        w.WriteString("canonName", resolved.Names.CanonFqdn(view.Name));
        w.WriteString("hostId", setup.HostId);
        w.WriteStartArray("addresses");
        foreach (var a in view.Addresses)
        {
            WriteAddress(w, a, machine: null);
        }

        w.WriteEndArray();
        WriteNetworking(w, setup);
        w.WriteStartObject("resources");
        if (view.Cpus is { } cpus)
        {
            w.WriteNumber("cpus", cpus);
        }

        if (view.Memory is { } mem)
        {
            w.WriteString("memory", mem.ToString());
            w.WriteNumber("memoryBytes", mem.Bytes);
        }

        if (view.Disk is { } disk)
        {
            w.WriteString("disk", disk.ToString());
            w.WriteNumber("diskBytes", disk.Bytes);
        }

        w.WriteEndObject();
        if (view.Kind == InstanceKind.Host && site.Cadaster.Hosts[view.Name] is { } host)
        {
            w.WritePropertyName("cadaster");
            WriteHost(w, host);
        }

        w.WriteStartArray("roles");
        foreach (var r in view.Roles)
        {
            w.WriteStartObject();
            w.WriteString("instance", r.Instance);
            w.WriteString("role", r.Role);
            w.WriteString("constellation", r.Constellation);
            w.WriteString("placement", KindName(r.Kind));
            WriteOptions(w, r.Options);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteServices(w, setup);
        WriteStorage(w, site, setup);
        w.WriteStartArray("peers");
        foreach (var peer in setup.Peers)
        {
            w.WriteStartObject();
            w.WriteString("name", peer.Name);
            w.WriteString("canonName", peer.CanonName);
            WriteStrings(w, "reasons", peer.Reasons);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteStrings(w, "guests", view.Guests);
        if (!withDirectories)
        {
            WriteStrings(w, "constellations", view.Constellations);
        }
        else
        {
            w.WriteStartObject("constellations");
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
        w.WriteStartObject("networking");
        w.WriteBoolean("predictableInterfaceNames", setup.PredictableInterfaceNames);
        w.WriteStartObject("interfaces");
        foreach (var i in LastWins(setup.Interfaces, i => i.Name))
        {
            w.WriteStartObject(i.Name);
            w.WriteString("kind", i.Kind);
            WriteOptional(w, "mac", i.Mac?.ToString());
            WriteOptional(w, "mtu", i.Mtu);
            if (i.Kind is "bond" or "bridge")
            {
                WriteStrings(w, "members", i.Members);
            }

            WriteOptional(w, "bondMode", i.BondMode);
            WriteOptional(w, "vlan", i.Vlan);
            WriteOptional(w, "parent", i.Parent);
            WriteOptional(w, "bridge", i.Bridge);
            if (i.Wireless)
            {
                w.WriteBoolean("wireless", true);
            }

            w.WriteStartArray("addresses");
            foreach (var a in i.Addresses)
            {
                w.WriteStartObject();
                w.WriteString("address", a.Ip.ToString());
                w.WriteNumber("prefixLength", a.PrefixLength);
                w.WriteString("family", a.Ip.IsV6 ? "ipv6" : "ipv4");
                w.WriteString("network", a.Network);
                WriteOptional(w, "label", a.Label);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
        if (setup.Gateway is { } gateway)
        {
            w.WriteStartObject("defaultGateway");
            w.WriteString("address", gateway.Address.ToString());
            w.WriteString("network", gateway.Network);
            WriteOptional(w, "interface", gateway.Interface);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("defaultGateway");
        }

        WriteStrings(w, "nameservers", setup.Nameservers.Select(n => n.ToString()));
        WriteStrings(w, "search", setup.Search);
        w.WriteStartObject("networks");
        foreach (var n in setup.Networks)
        {
            w.WriteStartObject(n.Name);
            w.WriteString("cidr", n.Cidr.ToString());
            w.WriteNumber("prefixLength", n.Cidr.PrefixLength);
            WriteOptional(w, "gateway", n.Gateway?.ToString());
            WriteStrings(w, "dns", n.Dns.Select(d => d.ToString()));
            WriteOptional(w, "domain", n.SearchDomain);
            WriteOptional(w, "vlan", n.Vlan);
            WriteOptional(w, "mtu", n.Mtu);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteServices(Utf8JsonWriter w, MachineSetup setup)
    {
        w.WriteStartArray("services");
        foreach (var s in setup.Services)
        {
            w.WriteStartObject();
            w.WriteString("instance", s.Instance);
            w.WriteString("role", s.Role);
            w.WriteString("name", s.Name);
            WritePort(w, s.Port);
            WriteStrings(w, "networks", s.Networks);
            WriteStrings(w, "interfaces", s.Interfaces);
            WriteStrings(w, "clients", s.Clients);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("firewall");
        w.WriteStartObject("input");
        // "accept": Elenta gives the machine no chain of its own (a container in its host's network
        // stack, whose host's chain opens its ports; a host Elenta does not manage).
        w.WriteString("policy", setup.Input.HasChain ? "drop" : "accept");
        w.WriteStartArray("rules");
        foreach (var r in setup.Input.Openings)
        {
            w.WriteStartObject();
            w.WriteString("comment", r.Comment);
            w.WriteString("reason", r.Reason);
            WritePort(w, r.Port);
            w.WriteStartArray("sources");
            foreach (var source in r.Sources)
            {
                w.WriteStringValue(source.ToString());
            }

            w.WriteEndArray();
            w.WriteStartArray("destinations");
            foreach (var destination in r.Destinations)
            {
                w.WriteStringValue(destination.ToString());
            }

            w.WriteEndArray();
            w.WriteStartArray("interfaces");
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
        w.WriteString("protocol", port.Protocol == Protocol.Tcp ? "tcp" : "udp");
        w.WriteNumber("port", port.From);
        w.WriteNumber("portTo", port.To);
    }

    private static void WriteStorage(Utf8JsonWriter w, Site site, MachineSetup setup)
    {
        w.WriteStartArray("mounts");
        foreach (var m in setup.Mounts)
        {
            w.WriteStartObject();
            w.WriteString("path", m.Path);
            w.WriteString("kind", m.Kind);
            WriteOptional(w, "device", m.Device);
            WriteOptional(w, "fsType", m.FsType);
            WriteStrings(w, "options", m.Options);
            WriteOptional(w, "dataset", m.Dataset);
            w.WriteBoolean("automount", m.Automount);
            WriteOptional(w, "server", m.Server);
            w.WriteString("instance", m.Instance);
            w.WriteString("role", m.Role);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("exports");
        foreach (var e in setup.Exports)
        {
            w.WriteStartObject();
            w.WriteString("path", e.Path);
            WriteOptional(w, "dataset", e.Dataset);
            WriteStrings(w, "clientNetworks", e.ClientNetworks);
            WriteStrings(w, "clients", e.Clients);
            w.WriteString("instance", e.Instance);
            w.WriteString("role", e.Role);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("pools");
        foreach (var pool in setup.Pools)
        {
            w.WriteStartObject();
            w.WriteString("name", pool.Name);
            w.WriteString("type", pool.Type);
            WriteOptional(w, "layout", pool.Layout);
            w.WriteStartArray("disks");
            foreach (var d in PoolDisks.Of(site.Cadaster, pool))
            {
                w.WriteStartObject();
                w.WriteString("name", d.Name);
                WriteOptional(w, "wwn", d.Wwn?.ToString());
                WriteOptional(w, "device", d.Wwn?.ByIdPath ?? (d.IsPath ? d.Item.Text : null));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("datasets");
            foreach (var ds in pool.Datasets)
            {
                w.WriteStartObject();
                w.WriteString("name", $"{pool.Name}/{ds.Name}");
                WriteOptional(w, "mountpoint", ds.Mountpoint);
                if (ds.Size is { } size)
                {
                    w.WriteString("quota", size.ToString());
                    w.WriteNumber("quotaBytes", size.Bytes);
                }

                w.WriteStartObject("options");
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

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    private static void WriteConstellation(Utf8JsonWriter w, ConstellationView view)
    {
        w.WriteStartObject();
        w.WriteString("name", view.Name);
        if (view.Domain is not null)
        {
            w.WriteString("domain", view.Domain);
        }

        if (view.RedirectBareTo is not null)
        {
            w.WriteString("redirectBareTo", view.RedirectBareTo);
        }

        w.WriteStartObject("instances");
        foreach (var i in LastWins(view.Instances, i => i.Name))
        {
            w.WriteStartObject(i.Name);
            w.WriteString("role", i.Role);
            w.WriteString("placement", KindName(i.Kind));
            w.WriteString("host", i.Host);
            w.WriteString("machine", i.Machine);
            if (i.Fqdn is not null)
            {
                w.WriteString("fqdn", i.Fqdn);
            }

            w.WriteStartArray("addresses");
            foreach (var a in i.Addresses)
            {
                WriteAddress(w, a, machine: null);
            }

            w.WriteEndArray();
            WriteOptions(w, i.Options);
            w.WriteStartObject("services");
            foreach (var service in LastWins(i.Services, s => s.Name))
            {
                w.WriteStartObject(service.Name);
                w.WriteNumber("port", service.Port.From);
                w.WriteString("protocol", service.Port.Protocol == Protocol.Tcp ? "tcp" : "udp");
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
        w.WriteString("name", network.Name);
        w.WriteString("cidr", network.Cidr.ToString());
        if (network.Vlan is { } vlan)
        {
            w.WriteNumber("vlan", vlan);
        }

        if (network.Gateway is { } gw)
        {
            w.WriteString("gateway", gw.ToString());
        }

        WriteStrings(w, "dns", network.Dns.Select(d => d.ToString()));
        if (network.Dhcp is { } dhcp)
        {
            w.WriteStartObject("dhcp");
            w.WriteString("from", dhcp.From.ToString());
            w.WriteString("to", dhcp.To.ToString());
            w.WriteString("leaseTime", dhcp.LeaseTime.Text);
            w.WriteEndObject();
        }

        w.WriteBoolean("untrusted", network.Untrusted);
        w.WriteString("bridge", network.Bridge);
        w.WriteStartArray("addresses");
        foreach (var machine in resolved.Machines)
        {
            foreach (var a in machine.Addresses.Where(a => a.Network == network.Name))
            {
                WriteAddress(w, a, machine.Name);
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteHost(Utf8JsonWriter w, Host host)
    {
        w.WriteStartObject();
        w.WriteString("kind", host.Kind);
        w.WriteStartObject("hardware");
        w.WriteString("arch", host.Hardware.Arch);
        if (host.Hardware.Model is { } model)
        {
            w.WriteString("model", model);
        }

        w.WriteEndObject();
        w.WriteStartObject("interfaces");
        foreach (var i in LastWins(host.Interfaces, i => i.Name))
        {
            w.WriteStartObject(i.Name);
            if (i.Mac is { } mac)
            {
                w.WriteString("mac", mac.ToString());
            }

            if (i.IsBond)
            {
                WriteStrings(w, "bond", i.BondMembers);
                if (i.BondMode is not null)
                {
                    w.WriteString("mode", i.BondMode);
                }
            }

            if (i.Vlan is { } vlan)
            {
                w.WriteNumber("vlan", vlan);
                WriteValue(w, "parent", i.Parent);
            }

            if (i.AliasOf is not null)
            {
                w.WriteString("alias", i.AliasOf);
            }

            if (i.Link is { } link)
            {
                w.WriteString("link", $"{link.Switch}:{link.Port}");
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject("boot");
        w.WriteString("mode", host.Boot.Mode == BootMode.Netboot ? "netboot" : "disk");
        w.WriteString("firmware", host.Boot.Firmware == Firmware.Bios ? "bios" : "uefi");
        w.WriteEndObject();
        w.WriteString("driver", host.Driver.ToString().ToLowerInvariant());
        WriteStrings(w, "tags", host.Tags);
        if (host.Ssh is { } ssh)
        {
            w.WriteStartObject("ssh");
            w.WriteString("user", ssh.User);
            w.WriteNumber("port", ssh.Port);
            w.WriteBoolean("hasHostKey", ssh.HostKey is not null);
            w.WriteEndObject();
        }

        if (host.Rack is { } rack)
        {
            w.WriteStartObject("rack");
            w.WriteString("name", rack.Rack);
            w.WriteNumber("unit", rack.Unit);
            w.WriteNumber("height", rack.Height);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <param name="machine">For a network's member list: the machine the address belongs to, written last.</param>
    private static void WriteAddress(Utf8JsonWriter w, ViewAddress a, string? machine)
    {
        w.WriteStartObject();
        w.WriteString("fqdn", a.Fqdn);
        w.WriteString("network", a.Network);
        w.WriteString("ip", a.Ip.ToString());
        if (a.Interface is not null)
        {
            w.WriteString("interface", a.Interface);
        }

        if (a.Mac is { } mac)
        {
            w.WriteString("mac", mac.ToString());
        }

        w.WriteBoolean("primary", a.Primary);
        w.WriteString("source", a.Source);
        if (machine is not null)
        {
            w.WriteString("machine", machine);
        }

        w.WriteEndObject();
    }

    private static void WriteOptions(Utf8JsonWriter w, IReadOnlyDictionary<string, object?> options)
    {
        w.WriteStartObject("options");
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

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> items)
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
}

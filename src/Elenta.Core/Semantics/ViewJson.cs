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
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary><see cref="Indented"/> for a <see cref="Utf8JsonWriter"/>.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = Indented.Encoder, NewLine = Indented.NewLine };

    public static string Serialize(JsonNode node) => node.ToJsonString(Indented) + "\n";

    /// <summary>The same text as <see cref="Serialize"/>, as UTF-8 bytes without a string in between (artifacts are bytes).</summary>
    public static byte[] SerializeUtf8(JsonNode node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer);
        }

        System.Buffers.BuffersExtensions.Write(buffer, "\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <param name="withDirectories">
    /// true: the directory of every constellation the machine takes part in is inlined under
    /// "constellations" (for templates); false: "constellations" lists their names, and each
    /// directory is its own file (views/constellations/NAME.json), so a site of N machines does not
    /// write N copies of every directory.
    /// </param>
    public static JsonObject Machine(ResolvedSite resolved, MachineView view, bool withDirectories = false)
    {
        var site = resolved.Site;
        var obj = new JsonObject
        {
            ["name"] = view.Name,
            ["kind"] = KindName(view.Kind),
        };
        if (view.Host is not null)
        {
            obj["host"] = view.Host;
        }

        obj["canonName"] = $"{view.Name}.{site.Settings.CanonDomain}";
        obj["addresses"] = new JsonArray(view.Addresses.Select(Address).ToArray<JsonNode?>());
        var resources = new JsonObject();
        if (view.Cpus is { } cpus)
        {
            resources["cpus"] = cpus;
        }

        if (view.Memory is { } mem)
        {
            resources["memory"] = mem.ToString();
            resources["memoryBytes"] = mem.Bytes;
        }

        if (view.Disk is { } disk)
        {
            resources["disk"] = disk.ToString();
            resources["diskBytes"] = disk.Bytes;
        }

        obj["resources"] = resources;
        if (view.Kind == InstanceKind.Host && site.Cadaster.Hosts[view.Name] is { } host)
        {
            obj["cadaster"] = Host(host);
        }

        obj["roles"] = new JsonArray(view.Roles.Select(r => (JsonNode?)new JsonObject
        {
            ["instance"] = r.Instance,
            ["role"] = r.Role,
            ["constellation"] = r.Constellation,
            ["placement"] = KindName(r.Kind),
            ["options"] = Options(r.Options),
        }).ToArray());
        obj["guests"] = new JsonArray(view.Guests.Select(g => (JsonNode?)g).ToArray());
        if (!withDirectories)
        {
            obj["constellations"] = new JsonArray(view.Constellations.Select(c => (JsonNode?)c).ToArray());
            return obj;
        }

        var constellations = new JsonObject();
        foreach (var name in view.Constellations)
        {
            if (resolved.Constellations.FirstOrDefault(c => c.Name == name) is { } c)
            {
                constellations[name] = Constellation(c);
            }
        }

        obj["constellations"] = constellations;
        return obj;
    }

    public static JsonObject Constellation(ConstellationView view)
    {
        var instances = new JsonObject();
        foreach (var i in view.Instances)
        {
            var services = new JsonObject();
            foreach (var s in i.Services)
            {
                services[s.Name] = new JsonObject { ["port"] = s.Port.From, ["protocol"] = s.Port.Protocol == Protocol.Tcp ? "tcp" : "udp" };
            }

            var inst = new JsonObject
            {
                ["role"] = i.Role,
                ["placement"] = KindName(i.Kind),
                ["host"] = i.Host,
                ["machine"] = i.Machine,
            };
            if (i.Fqdn is not null)
            {
                inst["fqdn"] = i.Fqdn;
            }

            inst["addresses"] = new JsonArray(i.Addresses.Select(Address).ToArray<JsonNode?>());
            inst["options"] = Options(i.Options);
            inst["services"] = services;
            instances[i.Name] = inst;
        }

        var obj = new JsonObject { ["name"] = view.Name };
        if (view.Domain is not null)
        {
            obj["domain"] = view.Domain;
        }

        if (view.RedirectBareTo is not null)
        {
            obj["redirectBareTo"] = view.RedirectBareTo;
        }

        obj["instances"] = instances;
        return obj;
    }

    public static JsonObject Network(ResolvedSite resolved, Network network)
    {
        var obj = new JsonObject
        {
            ["name"] = network.Name,
            ["cidr"] = network.Cidr.ToString(),
        };
        if (network.Vlan is { } vlan)
        {
            obj["vlan"] = vlan;
        }

        if (network.Gateway is { } gw)
        {
            obj["gateway"] = gw.ToString();
        }

        obj["dns"] = new JsonArray(network.Dns.Select(d => (JsonNode?)d.ToString()).ToArray());
        if (network.Dhcp is { } dhcp)
        {
            obj["dhcp"] = new JsonObject { ["from"] = dhcp.From.ToString(), ["to"] = dhcp.To.ToString(), ["leaseTime"] = dhcp.LeaseTime };
        }

        obj["untrusted"] = network.Untrusted;
        obj["bridge"] = network.Bridge;
        var members = new JsonArray();
        foreach (var machine in resolved.Machines)
        {
            foreach (var a in machine.Addresses.Where(a => a.Network == network.Name))
            {
                var m = Address(a)!.AsObject();
                m["machine"] = machine.Name;
                members.Add(m);
            }
        }

        obj["addresses"] = members;
        return obj;
    }

    private static JsonObject Host(Host host)
    {
        var hw = new JsonObject { ["arch"] = host.Hardware.Arch };
        if (host.Hardware.Model is { } model)
        {
            hw["model"] = model;
        }

        var interfaces = new JsonObject();
        foreach (var i in host.Interfaces)
        {
            var o = new JsonObject();
            if (i.Mac is { } mac)
            {
                o["mac"] = mac.ToString();
            }

            if (i.IsBond)
            {
                o["bond"] = new JsonArray(i.BondMembers.Select(b => (JsonNode?)b).ToArray());
                if (i.BondMode is not null)
                {
                    o["mode"] = i.BondMode;
                }
            }

            if (i.Vlan is { } vlan)
            {
                o["vlan"] = vlan;
                o["parent"] = i.Parent;
            }

            if (i.AliasOf is not null)
            {
                o["alias"] = i.AliasOf;
            }

            if (i.Link is { } link)
            {
                o["link"] = $"{link.Switch}:{link.Port}";
            }

            interfaces[i.Name] = o;
        }

        var obj = new JsonObject
        {
            ["kind"] = host.Kind,
            ["hardware"] = hw,
            ["interfaces"] = interfaces,
            ["boot"] = new JsonObject { ["mode"] = host.Boot.Mode == BootMode.Netboot ? "netboot" : "disk", ["firmware"] = host.Boot.Firmware == Firmware.Bios ? "bios" : "uefi" },
            ["driver"] = host.Driver.ToString().ToLowerInvariant(),
            ["tags"] = new JsonArray(host.Tags.Select(t => (JsonNode?)t).ToArray()),
        };
        if (host.Ssh is { } ssh)
        {
            obj["ssh"] = new JsonObject { ["user"] = ssh.User, ["port"] = ssh.Port, ["hasHostKey"] = ssh.HostKey is not null };
        }

        if (host.Rack is { } rack)
        {
            obj["rack"] = new JsonObject { ["name"] = rack.Rack, ["unit"] = rack.Unit, ["height"] = rack.Height };
        }

        return obj;
    }

    private static JsonNode? Address(ViewAddress a)
    {
        var o = new JsonObject
        {
            ["fqdn"] = a.Fqdn,
            ["network"] = a.Network,
            ["ip"] = a.Ip.ToString(),
        };
        if (a.Interface is not null)
        {
            o["interface"] = a.Interface;
        }

        if (a.Mac is { } mac)
        {
            o["mac"] = mac.ToString();
        }

        o["primary"] = a.Primary;
        o["source"] = a.Source;
        return o;
    }

    private static JsonObject Options(IReadOnlyDictionary<string, object?> options)
    {
        var o = new JsonObject();
        foreach (var (k, v) in options.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            o[k] = Value(v);
        }

        return o;
    }

    /// <summary>An option value or a free-form merged node as JSON.</summary>
    public static JsonNode? Value(object? value) => value switch
    {
        null => null,
        string s => s,
        long l => l,
        bool b => b,
        ByteSize size => size.ToString(),
        IEnumerable<string> list => new JsonArray(list.Select(x => (JsonNode?)x).ToArray()),
        MergedNode node => Tree(node),
        _ => value.ToString(),
    };

    /// <summary>A merged subtree as JSON: plain scalars that look like numbers or booleans become them.</summary>
    public static JsonNode? Tree(MergedNode node) => node switch
    {
        MergedMapping m => new JsonObject(m.Entries.Select(e => KeyValuePair.Create(e.Key, Tree(e.Value)))),
        MergedSequence s => new JsonArray(s.Items.Select(Tree).ToArray()),
        MergedScalar { IsNull: true } => null,
        MergedScalar { IsQuoted: false, Text: "true" } => true,
        MergedScalar { IsQuoted: false, Text: "false" } => false,
        MergedScalar { IsQuoted: false } sc when long.TryParse(sc.Text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l) => l,
        MergedScalar sc => sc.Text,
        _ => null,
    };

    public static string KindName(InstanceKind kind) => kind switch
    {
        InstanceKind.Vm => "vm",
        InstanceKind.Container => "container",
        _ => "host",
    };
}

using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Text;

namespace Elenta.Core.Semantics;

/// <summary>Reports every name that points at nothing: an unknown network, host, role, switch, rack...</summary>
internal sealed class ReferenceChecker(Site site, DiagnosticBag diagnostics)
{
    public void Check()
    {
        var cad = site.Cadaster;
        foreach (var host in cad.Hosts)
        {
            foreach (var iface in host.Interfaces)
            {
                foreach (var member in iface.BondMembers)
                {
                    if (!host.Interfaces.Contains(member))
                    {
                        Expect(host.Interfaces, member, "interface", At(iface.Node, "bond"), $"bond members must be interfaces of '{host.Name}'");
                    }
                }

                if (iface.Parent is { } parent && !host.Interfaces.Contains(parent))
                {
                    Expect(host.Interfaces, parent, "interface", At(iface.Node, "parent"), null);
                }

                if (iface.AliasOf is { } alias && !host.Interfaces.Contains(alias))
                {
                    Expect(host.Interfaces, alias, "interface", At(iface.Node, "alias"), null);
                }

                if (iface.Vlan is not null && iface.Parent is null)
                {
                    diagnostics.Add(Messages.MissingRequiredError(iface.Node.KeyAt(), "parent", $"VLAN interface '{iface.Name}' of '{host.Name}'"));
                }

                if (iface.Link is { } link && !cad.Switches.Contains(link.Switch))
                {
                    Expect(cad.Switches, link.Switch, "switch", link.Node.Location, null);
                }
            }

            foreach (var canon in host.Canon)
            {
                if (!site.Networks.Contains(canon.Network))
                {
                    Expect(site.Networks, canon.Network, "network", canon.Node is MergedMapping m && m["network"] is { } n ? n.Location : canon.Node.KeyAt(), null);
                }

                if (canon.Interface is { } iface && !host.Interfaces.Contains(iface))
                {
                    Expect(host.Interfaces, iface, "interface", At(canon.Node, "interface"), $"add interface '{iface}' under cadaster.compute.{host.Name}.interfaces, or fix the name");
                }
            }

            if (host.Bmc is { } bmc && !site.Networks.Contains(bmc.Network))
            {
                Expect(site.Networks, bmc.Network, "network", At(bmc.Node, "network"), null);
            }

            CheckRackAndPower(host.Rack, host.Power);
        }

        foreach (var disk in cad.Disks)
        {
            if (disk.Host is { } host)
            {
                Expect(cad.Hosts, host, "host", At(disk.Node, "host"), null);
            }
        }

        foreach (var pool in cad.Pools)
        {
            Expect(cad.Hosts, pool.Host, "host", At(pool.Node, "host"), null);
            if (pool.Node.Child("disks") is MergedSequence seq)
            {
                foreach (var item in seq.Items.OfType<MergedScalar>())
                {
                    if (!item.Text.StartsWith('/'))
                    {
                        Expect(cad.Disks, item.Text, "disk", item.Location, "name a disk from cadaster.storage.disks, or give a /dev/disk/by-id path");
                    }
                }
            }
        }

        foreach (var sw in cad.Switches)
        {
            if (sw.Management is not null)
            {
                Expect(site.Networks, sw.Management.Network, "network", At(sw.Node.Map("management")!, "network"), null);
            }

            CheckRackAndPower(sw.Rack, sw.Power);
        }

        foreach (var router in cad.Routers)
        {
            if (router.Host is { } h)
            {
                Expect(cad.Hosts, h, "host", At(router.Node, "host"), null);
            }

            ExpectEach(router.Node, "networks", site.Networks, "network");
            CheckRackAndPower(router.Rack, router.Power);
        }

        foreach (var fw in cad.Firewalls)
        {
            Expect(cad.Hosts, fw.Host, "host", At(fw.Node, "host"), null);
            foreach (var zone in fw.Zones)
            {
                if (zone.Node is MergedSequence seq)
                {
                    foreach (var item in seq.Items.OfType<MergedScalar>())
                    {
                        Expect(site.Networks, item.Text, "network", item.Location, null);
                    }
                }
            }

            foreach (var rule in fw.Rules)
            {
                foreach (var (end, name) in new[] { ("from", rule.From), ("to", rule.To) })
                {
                    if (name != "*")
                    {
                        Expect(fw.Zones, name, "zone", At(rule.Node, end), $"zones of firewall '{fw.Name}': {string.Join(", ", fw.Zones.Names)}");
                    }
                }
            }
        }

        foreach (var pdu in cad.Pdus)
        {
            if (pdu.Rack is { } rack)
            {
                Expect(cad.Racks, rack, "rack", At(pdu.Node, "rack"), null);
            }
        }

        if (site.Tree.Map("dns") is { } dns)
        {
            ExpectEach(dns, "servers", cad.Hosts, "host");
        }

        foreach (var domain in site.Domains)
        {
            ExpectEach(domain.Node, "nameservers", cad.Hosts, "host");
        }

        foreach (var network in site.Networks)
        {
            if (network.DhcpService is { Server: { } server } dhcp)
            {
                Expect(cad.Hosts, server, "host", dhcp.Node.At("server"), "name the host of cadaster.compute that runs the DHCP server");
            }
        }

        if (site.Settings.NetbootStore?.Server is { } storeServer && site.Tree.Map("netbootStore") is { } storeNode)
        {
            Expect(cad.Hosts, storeServer, "host", storeNode.At("server"), "name the host of cadaster.compute that holds the netboot store");
        }

        foreach (var role in site.Roles)
        {
            foreach (var req in role.Requires)
            {
                if (Expect(site.Roles, req.Role, "role", At(req.Node, "role"), null) is { } required && req.Node is MergedMapping rm)
                {
                    CheckOptionNames(rm.Map("extraOpts"), required);
                    CheckOptionNames(rm.Map("when"), role);
                }
            }

            foreach (var service in role.Services)
            {
                ExpectEach((MergedMapping)service.Node, "networks", site.Networks, "network");
                ExpectEach((MergedMapping)service.Node, "clients", site.Networks, "network");
            }

            ExpectEach(role.Node, "needs", site.Networks, "network");
        }

        foreach (var constellation in site.Constellations)
        {
            foreach (var placement in constellation.Machines)
            {
                if (!cad.Hosts.Contains(placement.Host))
                {
                    Expect(cad.Hosts, placement.Host, "host", placement.Node.KeyAt(), "constellations place roles on machines of cadaster.compute");
                }

                foreach (var instance in placement.Instances)
                {
                    if (!site.Roles.Contains(instance.Role))
                    {
                        Expect(site.Roles, instance.Role, "role", At(instance.Node, "role"), null);
                    }

                    if (instance.Address is { } address && !site.Networks.Contains(address.Network))
                    {
                        Expect(site.Networks, address.Network, "network", At((MergedMapping)address.Node, "network"), null);
                    }
                }
            }
        }
    }

    private void CheckOptionNames(MergedMapping? values, Role role)
    {
        if (values is null)
        {
            return;
        }

        foreach (var (key, node) in values.Entries)
        {
            if (!role.Options.Contains(key))
            {
                diagnostics.Add(Messages.UndeclaredOptionError(node.KeyAt(), key, role.Name, Suggest.Closest(key, role.Options.Names), role.Options.Names));
            }
        }
    }

    private void CheckRackAndPower(RackPosition? rack, PowerDraw? power)
    {
        if (rack is not null && !site.Cadaster.Racks.Contains(rack.Rack))
        {
            Expect(site.Cadaster.Racks, rack.Rack, "rack", At(rack.Node, "name"), null);
        }

        if (power is not null && !site.Cadaster.Pdus.Contains(power.Pdu))
        {
            Expect(site.Cadaster.Pdus, power.Pdu, "PDU", At(power.Node, "pdu"), null);
        }
    }

    private void ExpectEach<T>(MergedMapping node, string key, NamedMap<T> map, string kind)
        where T : class, INamed
    {
        if (node.Child(key) is MergedSequence seq)
        {
            foreach (var item in seq.Items.OfType<MergedScalar>())
            {
                Expect(map, item.Text, kind, item.Location, null);
            }
        }
    }

    private T? Expect<T>(NamedMap<T> map, string name, string kind, Location location, string? help)
        where T : class, INamed
    {
        if (map.TryGet(name, out var found))
        {
            return found;
        }

        diagnostics.Add(Messages.UnknownReferenceError(location, kind, name, Suggest.Closest(name, map.Names), help));
        return null;
    }

    private static Location At(MergedNode node, string key) =>
        node is MergedMapping m ? m.At(key) : node.Location;
}

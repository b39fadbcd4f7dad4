using System.Xml.Linq;
using Elenta.Core.Diagnostics;
using Elenta.Core.Emit;
using Elenta.Core.Emit.Vms;
using Elenta.Core.Model;

namespace Elenta.Core.Tests.Emit.Vms;

/// <summary>libvirt XML for emerald-city's VMs, checked against libvirt's own RelaxNG schemas with virt-xml-validate.</summary>
public sealed class VmsEmitterTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("elenta-vms-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static EmitContext Context => ExampleSites.SharedEmitContext("emerald-city");

    private static Site Site => Context.Resolved.Site;

    private static IReadOnlyList<Instance> Vms =>
        Site.Constellations.SelectMany(c => c.Instances).Where(i => i.Kind == InstanceKind.Vm).ToList();

    private static IReadOnlyList<Artifact> Emit() => EmitterRuns.RunClean(new VmsEmitter(), Context);

    private ExternalTool.Result Validate(byte[] content, string kind)
    {
        var file = Path.Combine(root, Guid.NewGuid().ToString("N") + ".xml");
        File.WriteAllBytes(file, content);
        return ExternalTool.Run("virt-xml-validate", [file, kind]);
    }

    [Fact]
    public void EveryVmGetsADomainAndNothingElseIsDefined()
    {
        // Domains attach straight to the host's bridge: a libvirt network would never be used.
        var expected = Vms.Select(v => $"vms/{v.Host}/{v.Name}.xml")
            .Distinct()
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, Emit().Select(a => a.Path).Order(StringComparer.Ordinal));
        Assert.Contains("vms/dragon-of-perdition/barge.xml", expected);
        Assert.Contains("vms/btg/db-a.xml", expected);
    }

    [Fact]
    public void EveryDomainValidatesWithVirtXmlValidate()
    {
        foreach (var artifact in Emit())
        {
            var result = Validate(artifact.Content, "domain");
            Assert.True(result.ExitCode == 0, $"{artifact.Path}: {result}");
        }
    }

    [Fact]
    public void TheValidatorRejectsABrokenDomain()
    {
        var domain = XDocument.Parse(System.Text.Encoding.UTF8.GetString(Emit().First(a => !a.Path.Contains("/networks/", StringComparison.Ordinal)).Content));
        domain.Root!.Element("vcpu")!.SetAttributeValue("placement", "everywhere");
        var result = Validate(System.Text.Encoding.UTF8.GetBytes(domain.ToString()), "domain");
        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public void DomainsCarryTheVmsResourcesMacAndBridge()
    {
        var artifacts = Emit();
        foreach (var vm in Vms)
        {
            var view = Context.Resolved.Machines[vm.Name]!;
            var artifact = artifacts.Single(a => a.Path == $"vms/{vm.Host}/{vm.Name}.xml");
            Assert.Equal([vm.Host], artifact.Machines);
            var domain = XDocument.Parse(System.Text.Encoding.UTF8.GetString(artifact.Content)).Root!;
            Assert.Equal("kvm", domain.Attribute("type")!.Value);
            Assert.Equal(vm.Name, domain.Element("name")!.Value);
            Assert.Equal((view.Memory!.Value.Bytes / 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), domain.Element("memory")!.Value);
            Assert.Equal("KiB", domain.Element("memory")!.Attribute("unit")!.Value);
            Assert.Equal(view.Cpus!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), domain.Element("vcpu")!.Value);
            var nic = domain.Element("devices")!.Element("interface")!;
            Assert.Equal("bridge", nic.Attribute("type")!.Value);
            Assert.Equal(vm.Mac!.Value.ToString(), nic.Element("mac")!.Attribute("address")!.Value);
            Assert.Equal(Site.Networks[vm.Address!.Network]!.Bridge, nic.Element("source")!.Attribute("bridge")!.Value);
            Assert.Equal("virtio", nic.Element("model")!.Attribute("type")!.Value);
        }
    }

    [Fact]
    public void VmsOnAHostWithAZfsVmsDatasetUseZvolsOthersQcow2()
    {
        var artifacts = Emit();
        foreach (var vm in Vms)
        {
            var domain = XDocument.Parse(System.Text.Encoding.UTF8.GetString(artifacts.Single(a => a.Path == $"vms/{vm.Host}/{vm.Name}.xml").Content)).Root!;
            var disk = domain.Element("devices")!.Element("disk")!;
            var pool = Site.Cadaster.Pools.FirstOrDefault(p => p.Host == vm.Host && p.Type == "zfs" && p.Datasets.Contains("vms"));
            if (pool is null)
            {
                Assert.Equal($"/var/lib/libvirt/images/{vm.Name}.qcow2", disk.Element("source")!.Attribute("file")!.Value);
            }
            else
            {
                Assert.Equal($"/dev/zvol/{pool.Name}/vms/{vm.Name}", disk.Element("source")!.Attribute("dev")!.Value);
            }
        }

        // emerald-city has both kinds: btg has tank/vms, dragon-of-perdition has no pool.
        Assert.True(VmStorage.For(Site, "btg", "dev").IsZvol);
        Assert.False(VmStorage.For(Site, "dragon-of-perdition", "barge").IsZvol);
    }

    [Fact]
    public void UuidsAreNameBasedAndStable()
    {
        // RFC 9562 / Python's documented example: uuid5(NAMESPACE_DNS, "python.org").
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        Assert.Equal(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d"), NameBasedUuid.Create(dns, "python.org"));

        var first = Emit();
        var second = Emit();
        Assert.Equal(first.Select(a => a.Sha256), second.Select(a => a.Sha256));
        var uuids = first.Where(a => !a.Path.Contains("/networks/", StringComparison.Ordinal))
            .Select(a => XDocument.Parse(System.Text.Encoding.UTF8.GetString(a.Content)).Root!.Element("uuid")!.Value).ToList();
        Assert.Equal(uuids.Count, uuids.Distinct().Count());
    }

    [Fact]
    public void AVmWithoutResourcesIsAnError()
    {
        var compilation = TestSite.Minimal()
            .File("bare.yaml", """
                roles:
                  bare: {}
                constellations:
                  other:
                    machines:
                      beta:
                        vms:
                          naked: { role: bare, address: { network: lab, ip: 10.0.0.30 }, mac: "02:00:00:00:01:02" }
                """)
            .Compile();
        var d = compilation.Diagnostics.Single("EL6008"); // the check's; the emitter trusts it
        Assert.Contains("cpus, memory, disk", d.Message, StringComparison.Ordinal);
        Assert.Equal("naked", d.Location!.Value.File.Text.Substring(d.Location!.Value.Span.Start, d.Location!.Value.Span.Length));
        var (artifacts, diagnostics) = EmitterRuns.Run(new VmsEmitter(), compilation);
        diagnostics.Clean();
        Assert.DoesNotContain(artifacts, a => a.Path.Contains("naked", StringComparison.Ordinal));
        Assert.Contains(artifacts, a => a.Path == "vms/alpha/db.xml");
    }

    [Fact]
    public void AVmWithAnAddressButNoMacIsAnError()
    {
        var compilation = TestSite.Minimal()
            .File("nomac.yaml", """
                constellations:
                  other:
                    machines:
                      beta:
                        vms:
                          nomac: { role: web, address: { network: lab, ip: 10.0.0.31 } }
                """)
            .Compile();
        Assert.Contains("nomac", compilation.Diagnostics.Single("EL4013").Message, StringComparison.Ordinal); // the check's
        var (artifacts, diagnostics) = EmitterRuns.Run(new VmsEmitter(), compilation);
        diagnostics.Clean();
        Assert.DoesNotContain(artifacts, a => a.Path.Contains("nomac", StringComparison.Ordinal));
    }
}

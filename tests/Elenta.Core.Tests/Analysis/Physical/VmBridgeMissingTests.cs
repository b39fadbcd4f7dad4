namespace Elenta.Core.Tests.Analysis.Physical;

/// <summary>EL7013: a VM is plugged into the bridge of its address's network, which its host must create.</summary>
public class VmBridgeMissingTests
{
    /// <summary>The minimal site (its VM db on lab, on alpha) with alpha's interfaces replaced.</summary>
    private static TestSite AlphaWith(string interfaces) => TestSite.Minimal().File("hosts.yaml", $$"""
        cadaster:
          compute:
            alpha:
              hardware: { cpus: 8, memory: 32GiB, disk: 1TB }
              interfaces: {{interfaces}}
              canon: { lab: { ip: 10.0.0.2, interface: eth0 } }
              ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKkjnJ2ojO9MAGp7q1vSAS0TvmXVNRutjsNhE3DS0h7u" }
            beta:
              hardware: { cpus: 4, memory: 8GiB, disk: 500GB }
              interfaces: { eth0: { mac: "02:00:00:00:00:02" } }
              canon: { lab: { ip: 10.0.0.3, interface: eth0 } }
              ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOltPWCfil7pRdfRzd0Nobfq3OKG+Y3clIpCoz+dq/tQ" }
        """);

    [Fact]
    public void AVmOnANetworkItsHostDoesNotBridgeIsAnErrorAtItsAddress()
    {
        var d = AlphaWith("""{ eth0: { mac: "02:00:00:00:00:01" } }""").Compile().Diagnostics.Single("EL7013");
        Assert.True(d.IsError);
        Assert.Equal("constellations.yaml", Path.GetFileName(d.Location.File()));
        Assert.Equal("address", SpanText.Of(d));
        Assert.Equal("VM 'db' is attached to bridge br-lab of network 'lab', which its host 'alpha' does not create: no interface of 'alpha' has 'bridge: br-lab'", d.Message);
        Assert.Equal("give 'alpha' interface eth0 (its address on 'lab') 'bridge: br-lab'", d.Help);
        Assert.True(d.Names("hosts.yaml", "alpha"));
    }

    [Fact]
    public void ABridgeOfAnotherNameIsNamedInTheHelp()
    {
        // The network says br0 (the VM's XML says br0), the host makes br-lab.
        var d = AlphaWith("""{ eth0: { mac: "02:00:00:00:00:01", bridge: br-lab } }""")
            .File("bridge.yaml", "networks:\n  lab: { bridge: br0 }\n").Compile().Diagnostics.Single("EL7013");
        Assert.Contains("attached to bridge br0 of network 'lab'", d.Message, StringComparison.Ordinal);
        Assert.EndsWith(", or set networks.lab.bridge to the bridge 'alpha' has (br-lab)", d.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBridgeTheHostMakesAndAnUnmanagedHostAreFine()
    {
        TestSite.Minimal().Compile().Diagnostics.None("EL7013"); // alpha's eth0: { bridge: br-lab }
        AlphaWith("""{ eth0: { mac: "02:00:00:00:00:01" } }""").File("none.yaml", "cadaster:\n  compute:\n    alpha: { driver: none }\n").Compile().Diagnostics.None("EL7013");
    }
}

using Elenta.Sim;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary>The lab's ssh client: strict host keys against the lab's known_hosts, and nothing taken from the machine's own ssh configuration.</summary>
public sealed class SimSshClientTests
{
    [Fact]
    public void TheLabsSshReadsNoConfigurationAndSharesNoConnection()
    {
        var machine = new LabMachine("toto", [], null, false) { Names = ["toto.canon"], PrimaryAddress = "10.255.0.10" };
        var args = LabSsh.Client("/var/lib/elenta/sim/l1", machine, "/tmp/known_hosts", ["hostname"]);

        // Root's ~/.ssh/config could name a ControlPath whose socket leads to the real 10.255.0.10.
        Assert.Equal(["ssh", "-F", "/dev/null"], args.Take(3));
        Assert.Contains("ControlPath=none", args);
        Assert.Contains("ControlMaster=no", args);
        Assert.Contains("StrictHostKeyChecking=yes", args);
        Assert.Contains("UserKnownHostsFile=/tmp/known_hosts", args);
        Assert.Equal(["root@10.255.0.10", "hostname"], args.TakeLast(2));
    }
}

/// <summary>Lab names: one lab's namespaces never carry another lab's names.</summary>
public sealed class SimLabNameTests
{
    [Theory]
    [InlineData("emerald-city", true)]
    [InlineData("d1f2e3a4", true)]
    [InlineData("x--y", false)] // its switch namespace elenta-x--y is lab x's machine y
    [InlineData("-x", false)]
    [InlineData("x-", false)]
    [InlineData("Emerald", false)]
    [InlineData("", false)]
    [InlineData("abcdefghijklmnopqrstu", false)]
    public void ALabNameNeverHoldsTheSeparator(string name, bool valid) => Assert.Equal(valid, Names.IsValidLab(name));

    [Theory]
    [InlineData("Emerald City", "emerald-city")]
    [InlineData("a__b", "a-b")]
    [InlineData("--x--", "x")]
    [InlineData("***", "lab")]
    [InlineData("a-very-long-site-name-indeed", "a-very-long-site-nam")]
    [InlineData("a-very-long-site-na-me", "a-very-long-site-na")]
    public void ASitesNameMakesAValidLabName(string site, string lab)
    {
        Assert.Equal(lab, Names.LabOf(site));
        Assert.True(Names.IsValidLab(Names.LabOf(site)));
    }
}

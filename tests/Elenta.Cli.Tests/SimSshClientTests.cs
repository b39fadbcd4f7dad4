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

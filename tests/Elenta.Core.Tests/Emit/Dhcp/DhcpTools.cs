
namespace Elenta.Core.Tests.Emit.Dhcp;

/// <summary>The real DHCP servers' configuration checks (dnsmasq, kea-dhcp4), and temporary files to give them.</summary>
public static class DhcpTools
{
    /// <summary>Where emerald-city's Kea configuration is, when its DHCP server ifrit runs Kea.</summary>
    public const string EmeraldCityKea = "dhcp/kea/ifrit.kea-dhcp4.conf";

    /// <summary>emerald-city with its DHCP server running Kea instead of dnsmasq, for both networks.</summary>
    public static Compilation EmeraldCityOnKea() => ExampleSites.CompileWith("emerald-city", "kea.yaml", """
        networks:
          kansas: { dhcp: { daemon: !force kea } }
          condorcet: { dhcp: { daemon: !force kea } }
        """);

    /// <summary>Writes text to a fresh temporary directory and hands back the file's path; the caller deletes the directory.</summary>
    public static string WriteTemp(string directory, string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public static string NewTempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "elenta-dhcp-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>dnsmasq's own syntax check: reads only this file (no /etc/dnsmasq.conf).</summary>
    public static ExternalTool.Result DnsmasqTest(string file) => ExternalTool.Run("dnsmasq", "--test", "--conf-file=" + file);

    /// <summary>Kea's configuration check: parses and fully validates, including class expressions.</summary>
    public static ExternalTool.Result KeaTest(string file) => ExternalTool.Run("kea-dhcp4", "-t", file);
}

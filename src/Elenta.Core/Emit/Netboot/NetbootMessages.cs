using Elenta.Core.Diagnostics;
using Elenta.Core.Text;

namespace Elenta.Core.Emit.Netboot;

/// <summary>The netboot emitter's diagnostics (EL9001–EL9019).</summary>
public static class NetbootMessages
{
    public static readonly DiagnosticDescriptor NoNetbootStore = new("EL9001", "Netbooted machine but no netboot store", Severity.Error, "Emit");
    public static readonly DiagnosticDescriptor NoNetbootMac = new("EL9002", "Netbooted machine without a MAC address", Severity.Warning, "Emit");
    public static readonly DiagnosticDescriptor NoBaseUrl = new("EL9003", "Netboot store without a base URL", Severity.Error, "Emit");
    public static readonly DiagnosticDescriptor BadBaseUrl = new("EL9004", "Netboot store base URL is not an absolute http(s) URL", Severity.Error, "Emit");

    public static Diagnostic NoNetbootStoreError(Location location, string host) =>
        NoNetbootStore.Create(location, $"'{host}' boots from the network, but the site has no netboot store",
            "set netbootStore in elenta.yaml: netbootStore: { path: /srv/netboot, baseUrl: http://<server>.canon:8080/netboot }");

    public static Diagnostic NoNetbootMacWarning(Location location, string host) =>
        NoNetbootMac.Create(location, $"'{host}' boots from the network, but none of its interfaces has a MAC address, so the store has no folder for it",
            "add the MAC of the NIC it boots from: interfaces: { eno1: { mac: \"aa:bb:cc:dd:ee:ff\" } }");

    public static Diagnostic NoBaseUrlError(Location location) =>
        NoBaseUrl.Create(location, "netbootStore has no baseUrl, so netbooted machines cannot fetch their boot scripts and images",
            "add the URL the store is served under: baseUrl: http://toto.canon:8080/netboot");

    public static Diagnostic BadBaseUrlError(Location location, string url) =>
        BadBaseUrl.Create(location, $"netbootStore.baseUrl '{url}' is not an absolute http or https URL",
            "iPXE fetches scripts and images over HTTP: write http://host[:port]/path");
}

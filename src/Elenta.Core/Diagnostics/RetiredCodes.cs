namespace Elenta.Core.Diagnostics;

/// <summary>
/// Codes that are no longer reported, each with the code that replaced it. They stay in the
/// catalog so an old CI log, a SARIF file or an <c>analysis.rules</c> entry still finds its code
/// in <c>elenta check --explain</c> and docs/diagnostics.md, and so no new check reuses a number.
/// </summary>
public static class RetiredCodes
{
    public static readonly DiagnosticDescriptor NetbootNoStore = Retired("EL9001", "Netbooted machine but no netboot store", Severity.Error, "Emit", "EL8009");
    public static readonly DiagnosticDescriptor NetbootNoMac = Retired("EL9002", "Netbooted machine without a MAC address", Severity.Warning, "Emit", "EL8010");
    public static readonly DiagnosticDescriptor NetbootNoBaseUrl = Retired("EL9003", "Netboot store without a base URL", Severity.Error, "Emit", "EL8009");
    public static readonly DiagnosticDescriptor NetbootBadBaseUrl = Retired("EL9004", "Netboot store base URL is not an absolute http(s) URL", Severity.Error, "Emit", "EL8009");
    public static readonly DiagnosticDescriptor DhcpReservationClash = Retired("EL9021", "Two DHCP reservations for one MAC or one address", Severity.Warning, "Emit", "EL4014");
    public static readonly DiagnosticDescriptor DhcpLeaseTime = Retired("EL9020", "DHCP lease time cannot be read", Severity.Error, "Emit", "EL2004");
    public static readonly DiagnosticDescriptor PoolTypeUnsupported = Retired("EL9100", "Pool type not supported by format-disks yet", Severity.Error, "Emit.Disks", "EL7012");
    public static readonly DiagnosticDescriptor PoolDiskByPath = Retired("EL9101", "Pool disk given by a device path", Severity.Error, "Emit.Disks", "EL7011");
    public static readonly DiagnosticDescriptor PoolDiskWithoutWwn = Retired("EL9102", "Pool disk has no WWN", Severity.Error, "Emit.Disks", "EL7011");
    public static readonly DiagnosticDescriptor PoolDiskOnOtherHost = Retired("EL9103", "Pool disk is installed in another host", Severity.Error, "Emit.Disks", "EL7008");
    public static readonly DiagnosticDescriptor DiskInTwoPools = Retired("EL9104", "Disk used by two pools", Severity.Error, "Emit.Disks", "EL7008");
    public static readonly DiagnosticDescriptor PoolLayoutNotForType = Retired("EL9105", "Layout does not fit the pool type", Severity.Error, "Emit.Disks", "EL7012");
    public static readonly DiagnosticDescriptor PoolTooFewDisks = Retired("EL9106", "Too few disks for the layout", Severity.Error, "Emit.Disks", "EL7012");
    public static readonly DiagnosticDescriptor RedirectWithoutTarget = Retired("EL9040", "redirectBareTo names no proxy entry", Severity.Warning, "Emit", "EL5012");
    public static readonly DiagnosticDescriptor ProxiedWithoutAddress = Retired("EL9041", "A proxied instance has no address", Severity.Warning, "Emit", "EL4012");
    public static readonly DiagnosticDescriptor ProxyWithoutDomain = Retired("EL9042", "Proxy entries in a constellation without a domain", Severity.Warning, "Emit", "EL5013");
    public static readonly DiagnosticDescriptor DuplicateProxyName = Retired("EL9043", "Two proxy entries claim one name", Severity.Error, "Emit", "EL5014");
    public static readonly DiagnosticDescriptor InvalidSshKey = Retired("EL9060", "Invalid SSH public key", Severity.Error, "Emit", "EL2004");
    public static readonly DiagnosticDescriptor SharedHostKey = Retired("EL9061", "Two machines share one host key", Severity.Warning, "Emit", "EL8011");
    public static readonly DiagnosticDescriptor HostKeyAlsoRetired = Retired("EL9062", "A host key is also listed as retired", Severity.Error, "Emit", "EL8012");
    public static readonly DiagnosticDescriptor MonitoredWithoutAddress = Retired("EL9080", "A monitored instance has no address", Severity.Warning, "Emit", "EL4012");
    public static readonly DiagnosticDescriptor InvalidJobName = Retired("EL9081", "Invalid Prometheus job name", Severity.Error, "Emit", "EL6009");
    public static readonly DiagnosticDescriptor DashboardEntryWithoutUrl = Retired("EL9090", "A dashboard entry has no URL", Severity.Warning, "Emit", "EL6010");
    public static readonly DiagnosticDescriptor VmWithoutResources = Retired("EL9120", "VM without cpus, memory or disk", Severity.Error, "Emit.Vms", "EL6008");
    public static readonly DiagnosticDescriptor VmWithoutMac = Retired("EL9121", "VM without a MAC address", Severity.Error, "Emit.Vms", "EL4013");
    public static readonly DiagnosticDescriptor VmWithoutNetwork = Retired("EL9122", "VM without an address gets no network interface", Severity.Warning, "Emit.Vms", "EL4012");
    public static readonly DiagnosticDescriptor FileRenderedTwice = Retired("EL9142", "Two roles render the same file on one machine", Severity.Error, "Emit.Files", "EL6011");
    public static readonly DiagnosticDescriptor FileBadPath = Retired("EL9143", "File path is not absolute or climbs with '..'", Severity.Error, "Emit.Files", "EL2004");

    public static readonly DiagnosticDescriptor ZoneWithoutServer = Retired("EL9160", "A zone has no name server to serve it", Severity.Warning, "Emit.Dns", "EL5008");
    public static readonly DiagnosticDescriptor GeneratedDnsNameTaken = Retired("EL9161", "Two generated DNS names collide", Severity.Warning, "Emit.Dns", "EL5001");

    private static DiagnosticDescriptor Retired(string code, string title, Severity severity, string category, string replacedBy) =>
        new(code, title, severity, category) { ReplacedBy = replacedBy };
}

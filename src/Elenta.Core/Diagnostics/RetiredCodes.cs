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
    public static readonly DiagnosticDescriptor DhcpLeaseTime = Retired("EL9020", "DHCP lease time cannot be read", Severity.Error, "Emit", "EL2004");

    private static DiagnosticDescriptor Retired(string code, string title, Severity severity, string category, string replacedBy) =>
        new(code, title, severity, category) { ReplacedBy = replacedBy };
}

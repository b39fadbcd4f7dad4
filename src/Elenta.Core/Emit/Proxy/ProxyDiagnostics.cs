using Elenta.Core.Diagnostics;
using Elenta.Core.Text;

namespace Elenta.Core.Emit.Proxy;

/// <summary>What the reverse-proxy emitter reports: codes EL9040–EL9059 (EL9041 is retired).</summary>
public static class ProxyDiagnostics
{
    public static readonly DiagnosticDescriptor NoRedirectTarget = new("EL9040", "redirectBareTo names no proxy entry", Severity.Warning, "Emit");
    public static readonly DiagnosticDescriptor NoDomain = new("EL9042", "Proxy entries in a constellation without a domain", Severity.Warning, "Emit");
    public static readonly DiagnosticDescriptor DuplicateServerName = new("EL9043", "Two proxy entries claim one name", Severity.Error, "Emit");

    public static Diagnostic NoRedirectTargetWarning(Location location, string constellation, string target, string domain) =>
        NoRedirectTarget.Create(location,
            $"constellation '{constellation}' redirects {domain} to {target}.{domain}, but no role placed in it has a proxy entry '{target}'; no redirect is written",
            $"add a proxy entry '{target}' to a role placed in '{constellation}', or remove redirectBareTo");

    public static Diagnostic NoDomainWarning(Location location, string constellation, string instance) =>
        NoDomain.Create(location,
            $"instance '{instance}' has proxy entries, but constellation '{constellation}' has no domain to name them in; its entries are skipped",
            $"set a domain on constellation '{constellation}'");

    public static Diagnostic DuplicateServerNameError(Location location, string serverName, string instance, string firstInstance, Location first) =>
        DuplicateServerName.Create(location,
            $"proxy name {serverName} is claimed by instance '{instance}' and by instance '{firstInstance}'",
            "place the role once per constellation, or move one instance to another constellation",
            [new RelatedLocation(first, $"'{firstInstance}' claims {serverName} here")]);
}

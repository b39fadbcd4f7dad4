using Elenta.Core.Diagnostics;
using Elenta.Core.Text;

namespace Elenta.Core.Emit.Ssh;

/// <summary>What the known_hosts emitter reports: codes EL9060–EL9079.</summary>
public static class SshDiagnostics
{
    public static readonly DiagnosticDescriptor InvalidKey = new("EL9060", "Invalid SSH public key", Severity.Error, "Emit");
    public static readonly DiagnosticDescriptor SharedKey = new("EL9061", "Two machines share one host key", Severity.Warning, "Emit");
    public static readonly DiagnosticDescriptor KeyBothLiveAndRetired = new("EL9062", "A host key is also listed as retired", Severity.Error, "Emit");

    public static Diagnostic InvalidKeyError(Location location, string machine, string why) =>
        InvalidKey.Create(location, $"the SSH key of '{machine}' is not a valid OpenSSH public key: {why}",
            "paste the whole line of /etc/ssh/ssh_host_ed25519_key.pub: the key type, a space, then the base64 key");

    public static Diagnostic SharedKeyWarning(Location location, string machine, string other, Location first) =>
        SharedKey.Create(location, $"'{machine}' has the same host key as '{other}'; a cloned machine keeps its template's key",
            $"regenerate the host key of '{machine}' (ssh-keygen -A after removing /etc/ssh/ssh_host_*)",
            [new RelatedLocation(first, $"the key of '{other}'")]);

    public static Diagnostic KeyBothLiveAndRetiredError(Location location, string machine, Location retired) =>
        KeyBothLiveAndRetired.Create(location,
            $"the host key of '{machine}' is also listed as retired; ssh refuses a revoked key, so '{machine}' could not be reached",
            "remove the key from retiredKeys, or give the machine its new key",
            [new RelatedLocation(retired, "retired here")]);
}

using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Dns;

/// <summary>
/// The TSIG key that signs the notifies and transfers between a zone's primary and one of its
/// secondaries: one key per pair of machines, whichever zones they share. Its secret never enters
/// the build: it is made once into the secrets directory (<c>tsig/&lt;name&gt;.key</c>), which
/// <c>build</c> does not copy into its output, and installed beside nsd.conf, which includes it by
/// path.
/// </summary>
public sealed record TsigKey(string Primary, string Secondary)
{
    public const string Algorithm = "hmac-sha256";

    /// <summary>Where the key files go on a name server; nsd.conf includes them from there.</summary>
    public const string TargetDirectory = "/etc/nsd/elenta-keys";

    /// <summary>The key's name, the same on both machines: <c>primary.secondary.elenta-tsig</c>.</summary>
    public string Name => $"{Primary}.{Secondary}.elenta-tsig";

    /// <summary>The key file, relative to the secrets directory.</summary>
    public string SecretPath => $"tsig/{Name}.key";

    /// <summary>The key file on the name servers.</summary>
    public string TargetPath => $"{TargetDirectory}/{Name}.key";

    /// <summary>The key file's text: an nsd.conf <c>key:</c> clause.</summary>
    public string Render(string secretBase64) =>
        $"# TSIG key between {Primary} (primary) and {Secondary} (secondary), made once by elenta build. Secret: keep it out of the site's public files.\n"
        + $"key:\n\tname: \"{Name}\"\n\talgorithm: {Algorithm}\n\tsecret: \"{secretBase64}\"\n";

    /// <summary>Every key the site's zones need: the first server of each server list with each of the others.</summary>
    public static IReadOnlyList<TsigKey> Of(ResolvedSite resolved)
    {
        var serving = ServiceMachines.Of(resolved);
        return new[] { serving.CanonServers }.Concat(resolved.Site.Domains.Select(serving.ServersOf))
            .Where(s => s.Count > 1)
            .SelectMany(s => s.Skip(1).Where(x => x != s[0]).Select(x => new TsigKey(s[0], x)))
            .Distinct().OrderBy(k => k.Name, StringComparer.Ordinal).ToList();
    }
}

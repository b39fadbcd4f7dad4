using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Elenta.Core.Emit.Dns;

namespace Elenta.Output;

/// <summary>
/// The site's DNS secrets, in a directory of their own that <c>build</c> never copies into its
/// output: the TSIG key of each primary and secondary pair (<c>tsig/&lt;name&gt;.key</c>, an nsd.conf
/// <c>key:</c> clause, mode 0600) and each public zone's DNSSEC key (<c>dnssec/&lt;zone&gt;/K…</c>, an
/// ED25519 key from <c>ldns-keygen</c>). Each is made once, the first time a build needs it, and
/// kept: the outputs only name the TSIG files by path, and carry the zones signed with the DNSSEC keys.
/// </summary>
public sealed class DnsSecrets(string directory) : IZoneSigner
{
    private readonly Lock gate = new();

    public string Directory { get; } = directory;

    /// <summary>Makes the TSIG keys that do not exist yet; returns the paths it made.</summary>
    public IReadOnlyList<string> EnsureTsigKeys(IEnumerable<TsigKey> keys)
    {
        var made = new List<string>();
        foreach (var key in keys)
        {
            var path = Path.Combine(Directory, key.SecretPath);
            if (File.Exists(path))
            {
                continue;
            }

            PrivateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, string.Empty);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.WriteAllText(path, key.Render(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

            made.Add(path);
        }

        return made;
    }

    public ZoneSignature Sign(string origin, byte[] zone, DateTime inception, DateTime expiration)
    {
        lock (gate)
        {
            try
            {
                var keyDir = Path.Combine(Directory, "dnssec", origin);
                if (KeyBase(keyDir) is not { } keyBase)
                {
                    PrivateDirectory(keyDir);
                    var made = Run(keyDir, "ldns-keygen", "-a", "ED25519", "-k", origin);
                    if (made.Error is { } e)
                    {
                        return new ZoneSignature(null, null, e);
                    }

                    keyBase = KeyBase(keyDir)!;
                }

                var work = System.IO.Directory.CreateTempSubdirectory("elenta-sign-");
                try
                {
                    var input = Path.Combine(work.FullName, origin + ".zone");
                    var output = input + ".signed";
                    File.WriteAllBytes(input, zone);
                    var signed = Run(work.FullName, "ldns-signzone", "-o", origin, "-i", Stamp(inception), "-e", Stamp(expiration), "-f", output, input, keyBase);
                    if (signed.Error is { } e)
                    {
                        return new ZoneSignature(null, null, e);
                    }

                    var ds = Run(keyDir, "ldns-key2ds", "-n", "-2", keyBase + ".key");
                    return ds.Error is { } de ? new ZoneSignature(null, null, de) : new ZoneSignature(File.ReadAllBytes(output), ds.Output, null);
                }
                finally
                {
                    work.Delete(recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
            {
                return new ZoneSignature(null, null, e.Message);
            }
        }
    }

    /// <summary>The zone's key, by its base name (K&lt;zone&gt;.+015+&lt;tag&gt;, full path), or null before it is made.</summary>
    private static string? KeyBase(string keyDir) =>
        System.IO.Directory.Exists(keyDir)
            ? System.IO.Directory.EnumerateFiles(keyDir, "K*.private").Order(StringComparer.Ordinal).Select(p => p[..^".private".Length]).FirstOrDefault()
            : null;

    /// <summary>A directory only its owner can enter.</summary>
    private static void PrivateDirectory(string path)
    {
        System.IO.Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static string Stamp(DateTime t) => t.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    private static (string Output, string? Error) Run(string directory, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? (output, null) : (output, $"{program} failed ({p.ExitCode}): {stderr.Result.Trim()}");
    }
}

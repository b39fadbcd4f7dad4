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
/// Nothing is written into the directory before the build's gate: a zone is signed while the site
/// is still being analysed, so a key it needs is made in a private directory of its own and moved
/// into place by <see cref="KeepDnssecKeys"/> once the build has passed the gate; disposing drops
/// the keys that were not kept.
/// </summary>
public sealed class DnsSecrets(string directory) : IZoneSigner, IDisposable
{
    private readonly Lock gate = new();

    /// <summary>The DNSSEC keys this build made and has not kept yet: by zone, the directory holding the key's files.</summary>
    private readonly SortedDictionary<string, string> made = new(StringComparer.Ordinal);

    /// <summary>Where this build makes new DNSSEC keys, outside the secrets directory; null until the first one.</summary>
    private DirectoryInfo? staging;

    private bool disposed;

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
                ObjectDisposedException.ThrowIf(disposed, this);
                // A key this build made already signs the zone again; else the kept key; else a new one, kept only past the gate.
                if (!made.TryGetValue(origin, out var keyDir))
                {
                    keyDir = Path.Combine(Directory, "dnssec", origin);
                    if (KeyBase(keyDir) is null)
                    {
                        staging ??= System.IO.Directory.CreateTempSubdirectory("elenta-dnssec-");
                        keyDir = Path.Combine(staging.FullName, origin);
                        PrivateDirectory(keyDir);
                        var keygen = Run(keyDir, "ldns-keygen", "-a", "ED25519", "-k", origin);
                        if (keygen.Error is { } e)
                        {
                            System.IO.Directory.Delete(keyDir, recursive: true);
                            return new ZoneSignature(null, null, e);
                        }

                        made.Add(origin, keyDir);
                    }
                }

                var keyBase = KeyBase(keyDir) ?? throw new IOException($"no DNSSEC key for {origin} in {keyDir}");

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

    /// <summary>
    /// Moves the DNSSEC keys this build made into the secrets directory (<c>dnssec/&lt;zone&gt;/</c>),
    /// the very keys that signed its zones; returns the paths of their private files. Called past
    /// the build's gate only. Each file is copied beside its place under a hidden name and renamed
    /// into it, the private file last: the next build, which looks for that file, finds a whole key or none.
    /// </summary>
    public IReadOnlyList<string> KeepDnssecKeys()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var kept = new List<string>();
            foreach (var (origin, source) in made)
            {
                var keyDir = Path.Combine(Directory, "dnssec", origin);
                PrivateDirectory(keyDir);
                var files = System.IO.Directory.GetFiles(source)
                    .OrderBy(f => f.EndsWith(".private", StringComparison.Ordinal))
                    .ThenBy(f => f, StringComparer.Ordinal);
                foreach (var file in files)
                {
                    var name = Path.GetFileName(file);
                    var partial = Path.Combine(keyDir, "." + name + ".new");
                    File.Copy(file, partial, overwrite: true);
                    if (!OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(partial, File.GetUnixFileMode(file));
                    }

                    File.Move(partial, Path.Combine(keyDir, name));
                    if (name.EndsWith(".private", StringComparison.Ordinal))
                    {
                        kept.Add(Path.Combine(keyDir, name));
                    }
                }
            }

            made.Clear();
            return kept;
        }
    }

    /// <summary>Drops the DNSSEC keys this build made and did not keep (its gate refused it, or it stopped).</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            made.Clear();
            try
            {
                staging?.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A temporary directory that outlives its build holds nothing the build depends on.
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

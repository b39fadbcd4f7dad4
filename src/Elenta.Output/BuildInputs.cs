using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Elenta.Core.Diagnostics;
using Elenta.Core.Emit;
using Elenta.Core.Loading;

namespace Elenta.Output;

/// <summary>
/// What a build read, so the next build can tell that nothing it depends on has changed and skip
/// all its work (docs/build.md, "A build that has nothing to do"). A build is a function of what
/// it reads: every question the loader asked the file system and its answer (which files a
/// directory holds, whether one exists, the sha256 of each file's bytes), every template a role's
/// file was rendered from, and besides those the date, the options, the site's revision, its DNS
/// secrets and the program itself. When every question gets the same answer again, and the output
/// directory still holds exactly what that build wrote, the build would make the same bytes: it is
/// not run. This is a verifying trace, as Shake and Bazel keep one; unlike a modification time, a
/// trace cannot be fooled by a file restored with an old timestamp or edited within the same second.
/// </summary>
/// <remarks>
/// Kept in <see cref="FileName"/> in the output directory, written after the index by a build that
/// succeeded, and removed before any build writes a file there (so a build made with other inputs,
/// by <c>deploy</c> say, leaves no trace that could vouch for its files). A site with .nix files is
/// never skipped: nix-instantiate can read files the trace does not see.
/// </remarks>
public sealed class BuildInputs
{
    public const string FileName = ".elenta-inputs";

    private const int Version = 1;

    private readonly ISiteFileSystem real;
    private readonly ConcurrentDictionary<string, string> answers = new(StringComparer.Ordinal);
    private string? opaque;

    public BuildInputs(ISiteFileSystem fileSystem, INixEvaluator? nix)
    {
        real = fileSystem;
        FileSystem = new Recording(fileSystem, this);
        Nix = nix is null ? null : new WatchedNixEvaluator(this, nix);
    }

    /// <summary>The file system to read the site through: every answer it gives is recorded.</summary>
    public ISiteFileSystem FileSystem { get; }

    /// <summary>The Nix evaluator to read .nix files with: a build that used it is never skipped.</summary>
    public INixEvaluator? Nix { get; }

    /// <summary>True when something was read that the trace cannot verify again (a .nix file, a failed read).</summary>
    public bool Opaque => Volatile.Read(ref opaque) is not null;

    /// <summary>The file system underneath, which a later build asks the recorded questions again.</summary>
    internal ISiteFileSystem Real => real;

    /// <summary>Wraps a reader of the site's files (templates) so that what it read is recorded.</summary>
    internal Func<string, string?> Watch(Func<string, string?> readSiteFile) => relative =>
    {
        var text = readSiteFile(relative);
        Record("t\0" + relative, text is null ? "-" : Hash(Encoding.UTF8.GetBytes(text)));
        return text;
    };

    private void Record(string question, string answer)
    {
        var kept = answers.GetOrAdd(question, answer);
        if (!string.Equals(kept, answer, StringComparison.Ordinal))
        {
            MarkOpaque($"{Shown(real, question)} changed while the last build read it");
        }
    }

    internal void MarkOpaque(string why) => Interlocked.CompareExchange(ref opaque, why, null);

    internal static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// What a build depends on besides the files it reads: each must be the same for the build to be
    /// skipped. Null when part of it cannot be read (a secrets directory this user may not read).
    /// </summary>
    internal static SortedDictionary<string, string>? Key(BuildRequest request, ISiteFileSystem fs, string? revision)
    {
        string secrets;
        try
        {
            secrets = request.SecretsDirectory is { } directory ? SecretsHash(directory) : "-";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return new(StringComparer.Ordinal)
        {
            ["program"] = Program.Value,
            ["today"] = request.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["site"] = request.SiteDirectory,
            // Diagnostics name files as the working directory sees them: replayed, they must read the same.
            ["shown as"] = fs.GetDisplayPath(request.SiteDirectory),
            ["only"] = request.Only is { } only ? string.Join(",", only.Order(StringComparer.Ordinal)) : "-",
            ["serial"] = request.Serial?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
            ["serials from"] = request.LiveSerials?.ToString() ?? "-",
            ["revision"] = revision ?? "-",
            ["secrets"] = secrets,
        };
    }

    /// <summary>
    /// The program as built: the identity of Elenta's own assemblies (a new compilation of any of
    /// them is a new identity) and the versions of the libraries they were built against.
    /// </summary>
    private static readonly Lazy<string> Program = new(() =>
    {
        var text = new StringBuilder();
        var assemblies = new[] { typeof(BuildInputs).Assembly, typeof(Artifact).Assembly, System.Reflection.Assembly.GetEntryAssembly() };
        foreach (var assembly in assemblies.OfType<System.Reflection.Assembly>().Distinct())
        {
            text.Append(assembly.FullName).Append(' ').Append(assembly.ManifestModule.ModuleVersionId).Append('\n');
            foreach (var reference in assembly.GetReferencedAssemblies().Select(r => r.FullName).Order(StringComparer.Ordinal))
            {
                text.Append("  ").Append(reference).Append('\n');
            }
        }

        return Hash(Encoding.UTF8.GetBytes(text.ToString()));
    });

    /// <summary>Every file under the secrets directory, by relative path and content; "none" when it does not exist.</summary>
    private static string SecretsHash(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return "none";
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(directory, file) + "\0"));
            hash.AppendData(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Writes the trace of a build that succeeded, after its index. When it read something it cannot
    /// verify, the trace says only that, for the next build to tell why it runs.
    /// </summary>
    internal void Save(BuildRequest request, string? revision, OutputIndex index, IEnumerable<Diagnostic> warnings, int kept)
    {
        if (index.ManifestHash() is not { } manifest || Key(request, real, revision) is not { } key)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", Version);
            if (Volatile.Read(ref opaque) is { } why)
            {
                json.WriteString("opaque", why);
                json.WriteEndObject();
                json.Flush();
                Replace(request.OutputDirectory, buffer.ToArray());
                return;
            }

            json.WriteString("manifest", manifest);
            json.WriteNumber("files", index.Count);
            json.WriteNumber("kept", kept);
            json.WriteStartObject("key");
            foreach (var (name, value) in key)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteStartArray("read");
            foreach (var (question, answer) in answers.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                json.WriteStartArray();
                json.WriteStringValue(question);
                json.WriteStringValue(answer);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray("warnings");
            foreach (var d in warnings)
            {
                json.WriteStartObject();
                json.WriteString("where", d.Location?.ToString());
                json.WriteString("severity", d.Severity.ToString());
                json.WriteString("code", d.Code);
                json.WriteString("message", d.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        Replace(request.OutputDirectory, buffer.ToArray());
    }

    private static void Replace(string outputDirectory, byte[] trace)
    {
        var path = Path.Combine(outputDirectory, FileName);
        try
        {
            File.WriteAllBytes(path + ".elenta-tmp", trace);
            File.Move(path + ".elenta-tmp", path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A cache: without it the next build runs in full.
        }
    }

    /// <summary>Removes an output directory's trace: done before a build writes anything there.</summary>
    internal static void Forget(string outputDirectory)
    {
        var path = Path.Combine(outputDirectory, FileName);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// The previous build in <paramref name="request"/>'s output directory, when nothing it read has
    /// changed and the directory still holds what it wrote; null otherwise (the build must run), with
    /// <paramref name="why"/> the first difference found (null when there is no trace at all).
    /// </summary>
    internal static UpToDateBuild? Check(BuildRequest request, ISiteFileSystem fs, out string? why)
    {
        var outDir = request.OutputDirectory;
        JsonElement trace;
        try
        {
            var bytes = File.ReadAllBytes(Path.Combine(outDir, FileName));
            trace = JsonDocument.Parse(bytes).RootElement;
            if (trace.GetProperty("version").GetInt32() != Version)
            {
                why = "the last build's trace is of another version of elenta";
                return null;
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            why = null; // no build there yet, or one that recorded nothing: nothing to explain
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            why = $"the last build's trace ({FileName}) is damaged";
            return null;
        }

        try
        {
            return Verify(request, fs, trace, out why);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or IndexOutOfRangeException)
        {
            why = $"the last build's trace ({FileName}) is damaged";
            return null;
        }
    }

    /// <summary>What a difference in each part of <see cref="Key"/> means, for the one who reads why a build ran.</summary>
    private static readonly Dictionary<string, string> KeyChanges = new(StringComparer.Ordinal)
    {
        ["program"] = "this program is not the build of Elenta that made the last build",
        ["today"] = "the date changed (serials and DNSSEC signatures follow it)",
        ["site"] = "the last build was of another site directory",
        ["shown as"] = "the site is named differently from this working directory (diagnostics name its files)",
        ["only"] = "--only differs from the last build's",
        ["serial"] = "--serial differs from the last build's",
        ["serials from"] = "--soa-server differs from the last build's",
        ["secrets"] = "the DNS secrets changed",
    };

    private static UpToDateBuild? Verify(BuildRequest request, ISiteFileSystem fs, JsonElement trace, out string? why)
    {
        var outDir = request.OutputDirectory;
        if (trace.TryGetProperty("opaque", out var opaque))
        {
            why = opaque.GetString();
            return null;
        }

        // The cheap questions first: the options and the program, then the files read, then the output.
        var recordedKey = trace.GetProperty("key").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
        if (Key(request, fs, revision: null) is not { } key)
        {
            why = "the DNS secrets cannot be read";
            return null;
        }

        key.Remove("revision");
        if (key.FirstOrDefault(k => !recordedKey.TryGetValue(k.Key, out var v) || v != k.Value).Key is { } changed)
        {
            why = recordedKey.ContainsKey(changed) ? KeyChanges.GetValueOrDefault(changed, changed + " changed") : $"the last build's trace ({FileName}) is damaged";
            return null;
        }

        if (!File.Exists(Path.Combine(outDir, OutputDirectory.Marker)))
        {
            why = $"the output directory lost its {OutputDirectory.Marker} marker";
            return null;
        }

        var index = OutputIndex.Read(outDir);
        if (index.Count != trace.GetProperty("files").GetInt32() || index.ManifestHash() != trace.GetProperty("manifest").GetString())
        {
            why = $"the output index ({OutputIndex.FileName}) is not the last build's";
            return null;
        }

        // The site before the output: after an edit, a hundred files hashed say so sooner than
        // tens of thousands of output files stat'ed.
        foreach (var item in trace.GetProperty("read").EnumerateArray())
        {
            var question = item[0].GetString()!;
            var answer = item[1].GetString();
            if (Ask(fs, request, question) is var now && now != answer)
            {
                why = Difference(fs, question, answer, now);
                return null;
            }
        }

        if (!index.StillHeld(outDir, out var readBack, out var differing))
        {
            why = $"output file {differing} is not what the last build wrote";
            return null;
        }

        var revision = request.Revision?.Of(request.SiteDirectory, outDir);
        if ((revision ?? "-") != recordedKey.GetValueOrDefault("revision"))
        {
            why = "the site's git revision changed";
            return null;
        }

        if (!request.DryRun)
        {
            index.Refresh(outDir, readBack);
        }

        var warnings = trace.GetProperty("warnings").EnumerateArray()
            .Select(w => new ReplayedDiagnostic(w.GetProperty("where").GetString(), Enum.Parse<Severity>(w.GetProperty("severity").GetString()!), w.GetProperty("code").GetString()!, w.GetProperty("message").GetString()!))
            .ToList();
        var files = index.Paths.Where(p => p != Manifest.Path).Order(StringComparer.Ordinal).ToList();
        why = null;
        return new UpToDateBuild(files, trace.GetProperty("kept").GetInt32(), warnings);
    }

    /// <summary>What the question asked the site's files, as the one who reads the diagnostics names them.</summary>
    private static string Shown(ISiteFileSystem fs, string question) =>
        question[(question.IndexOf('\0') + 1)..] is var path && question.StartsWith('t') ? path : fs.GetDisplayPath(path);

    /// <summary>The first entry of a directory listing that came or went, named as diagnostics name it.</summary>
    private static string? Listed(ISiteFileSystem fs, string then, string now)
    {
        var before = then.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var after = now.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return after.Except(before, StringComparer.Ordinal).FirstOrDefault() is { } added ? $"{fs.GetDisplayPath(added)} appeared"
            : before.Except(after, StringComparer.Ordinal).FirstOrDefault() is { } gone ? $"{fs.GetDisplayPath(gone)} is gone"
            : null;
    }

    /// <summary>One recorded question whose answer is not the same now, said as what changed.</summary>
    private static string Difference(ISiteFileSystem fs, string question, string? then, string? now)
    {
        var path = Shown(fs, question);
        return question[0] switch
        {
            'd' => now == "1" ? $"directory {path} appeared" : $"directory {path} is gone",
            'f' => now == "1" ? $"{path} appeared" : $"{path} is gone",
            'F' or 'D' when now is not null && then is not null && Listed(fs, then, now) is { } change => change,
            'F' => $"the files in {path} changed",
            'D' => $"the directories in {path} changed",
            't' => now is null or "-" ? $"template {path} cannot be read" : then == "-" ? $"template {path} appeared" : $"template {path} changed",
            _ => now is null ? $"{path} cannot be read" : $"{path} changed",
        };
    }

    /// <summary>Asks a recorded question again: the answer the recording file system would give now.</summary>
    private static string? Ask(ISiteFileSystem fs, BuildRequest request, string question)
    {
        var split = question.IndexOf('\0');
        var (kind, path) = (question[..split], question[(split + 1)..]);
        try
        {
            return kind switch
            {
                "d" => fs.DirectoryExists(path) ? "1" : "0",
                "f" => fs.FileExists(path) ? "1" : "0",
                "F" => List(fs.GetFiles(path)),
                "D" => List(Loaded(fs, fs.GetDirectories(path))),
                "l" => fs.GetLength(path).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "r" => SiteFileReading.Lend(fs, path, bytes => Hash(bytes)),
                "t" => SiteBuilder.ReadSiteFile(request.SiteDirectory, path) is { } text ? Hash(Encoding.UTF8.GetBytes(text)) : "-",
                _ => null,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Subdirectories less the output directories among them (they hold <see cref="OutputDirectory.Marker"/>),
    /// which the loader never reads (the marker's absence is a question of its own). Otherwise a
    /// build into a directory inside the site would make the next build run again.
    /// </summary>
    private static IEnumerable<string> Loaded(ISiteFileSystem fs, IEnumerable<string> directories) =>
        directories.Where(d => !SiteLoader.IsOutput(fs, d));

    /// <summary>
    /// A directory's listing as the loader sees it: hidden names (.secrets, .git) are never loaded, so
    /// they are not part of the answer. Otherwise the secrets directory the first build makes inside
    /// the site would make the second build run again.
    /// </summary>
    private static string List(IEnumerable<string> paths) =>
        string.Join("\n", paths.Where(p => !SiteLoader.IsHidden(p)).Order(StringComparer.Ordinal));

    /// <summary>The file system a build reads its site through, recording each answer.</summary>
    private sealed class Recording(ISiteFileSystem inner, BuildInputs inputs) : ISiteFileSystem
    {
        private T Answer<T>(string kind, string path, Func<T> ask, Func<T, string> text)
        {
            try
            {
                var answer = ask();
                inputs.Record(kind + "\0" + path, text(answer));
                return answer;
            }
            catch (Exception ex)
            {
                Unreadable(path, ex);
                throw;
            }
        }

        private void Unreadable(string path, Exception ex) => inputs.MarkOpaque($"the last build could not read {inner.GetDisplayPath(path)} ({ex.Message})");

        public bool DirectoryExists(string path) => Answer("d", path, () => inner.DirectoryExists(path), b => b ? "1" : "0");

        public bool FileExists(string path) => Answer("f", path, () => inner.FileExists(path), b => b ? "1" : "0");

        public IEnumerable<string> GetFiles(string directory) => Answer("F", directory, () => inner.GetFiles(directory).ToList(), List);

        public IEnumerable<string> GetDirectories(string directory) => Answer("D", directory, () => inner.GetDirectories(directory).ToList(), d => List(Loaded(inner, d)));

        public long GetLength(string path) => Answer("l", path, () => inner.GetLength(path), n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));

        public byte[] ReadAllBytes(string path) => Answer("r", path, () => inner.ReadAllBytes(path), b => Hash(b));

        public int ReadInto(string path, ref byte[] buffer)
        {
            var read = buffer;
            var length = Answer("r", path, () => inner.ReadInto(path, ref read), n => Hash(read.AsSpan(0, n)));
            buffer = read;
            return length;
        }

        public int ReadInto(string path, Span<byte> destination)
        {
            int length;
            try
            {
                length = inner.ReadInto(path, destination);
            }
            catch (Exception ex)
            {
                Unreadable(path, ex);
                throw;
            }

            if (length >= 0)
            {
                inputs.Record("r\0" + path, Hash(destination[..length])); // as Answer records ReadInto into an array (a span cannot go through its lambdas)
            }

            return length;
        }

        public string GetFullPath(string path) => inner.GetFullPath(path);

        public string GetDisplayPath(string path) => inner.GetDisplayPath(path);
    }

    /// <summary>nix-instantiate may read any file: a build that evaluated one cannot be verified by its trace.</summary>
    private sealed class WatchedNixEvaluator(BuildInputs inputs, INixEvaluator inner) : INixEvaluator
    {
        public NixEvaluation Evaluate(string path)
        {
            inputs.MarkOpaque($"the last build evaluated {inputs.real.GetDisplayPath(path)} with nix-instantiate, which may read files a trace cannot see");
            return inner.Evaluate(path);
        }
    }
}

/// <summary>A warning of the build that was skipped, shown again as it was then.</summary>
public sealed record ReplayedDiagnostic(string? Where, Severity Severity, string Code, string Message);

/// <summary>A build skipped because nothing it read has changed: what the output directory holds.</summary>
/// <param name="Files">Every file of the build, the manifest excepted, sorted.</param>
/// <param name="Kept">With --only: how many files of the other families were kept.</param>
public sealed record UpToDateBuild(IReadOnlyList<string> Files, int Kept, IReadOnlyList<ReplayedDiagnostic> Warnings);

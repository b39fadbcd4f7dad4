using System.Text.Json;

namespace Elenta.Core.Emit;

/// <summary>One file as a manifest lists it: where it is in the output, its family, hash and size, and how it is delivered.</summary>
public sealed record ManifestEntry(string Path, string Family, string Sha256, long Bytes, Delivery? Delivery);

/// <summary>
/// manifest.json, the contract between <c>build</c> and whatever delivers its output (<c>deploy</c>,
/// <c>sim</c>, an operator's own tooling): every file with the machines that receive it, its path,
/// owner and mode there, and what to run after it changes. docs/build.md documents the format;
/// <see cref="Version"/> changes when a field changes meaning or goes away.
/// </summary>
public sealed record Manifest(string Site, string? GitRevision, IReadOnlyList<ManifestEntry> Entries)
{
    public const string Format = "elenta-manifest";

    public const int Version = 2;

    /// <summary>Its path in the output directory.</summary>
    public const string Path = "manifest.json";

    /// <summary>The entries a machine receives, in path order.</summary>
    public IEnumerable<ManifestEntry> For(string machine) =>
        Entries.Where(e => e.Delivery is { } d && d.Machines.Contains(machine, StringComparer.Ordinal));

    /// <summary>The manifest of a build's artifacts, written straight to bytes: at 10,000 hosts it lists 50,000 files.</summary>
    public static byte[] Write(string site, string? gitRevision, IReadOnlyList<Artifact> artifacts) =>
        Semantics.ViewJson.Utf8(
            json =>
            {
                json.WriteStartObject();
                json.WriteString(Names.Format, Format);
                json.WriteNumber(Names.Version, Version);
                json.WriteString(Names.Site, site);
                if (gitRevision is null)
                {
                    json.WriteNull(Names.GitRevision);
                }
                else
                {
                    json.WriteString(Names.GitRevision, gitRevision);
                }

                json.WriteStartArray(Names.Artifacts);
                Span<char> hex = stackalloc char[64];
                for (var i = 0; i < artifacts.Count; i++)
                {
                    var a = artifacts[i];
                    json.WriteStartObject();
                    json.WriteString(Names.PathField, a.Path);
                    json.WriteString(Names.Family, a.Family);
                    Convert.TryToHexStringLower(a.Sha256Bytes, hex, out _);
                    json.WriteString(Names.Sha256, hex);
                    json.WriteNumber(Names.Bytes, a.Content.Length);
                    if (a.Delivery is { } d)
                    {
                        WriteDelivery(json, d);
                    }
                    else
                    {
                        json.WriteNull(Names.Deliver);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            },
            SizeOf(artifacts));

    /// <summary>
    /// A little more than the manifest's size, so its buffer is made once: one that doubles its way
    /// there makes tens of megabytes more at 10,000 hosts. Each entry is its strings and about 150
    /// bytes of names, quotes and indentation (a delivery about 100 more, a machine or a command 15).
    /// </summary>
    private static int SizeOf(IReadOnlyList<Artifact> artifacts)
    {
        long size = 256;
        foreach (var a in artifacts)
        {
            size += 160 + a.Path.Length + a.Family.Length;
            if (a.Delivery is { } d)
            {
                size += 110 + d.Target.Length + d.Mode.Length + d.Owner.Length + d.Group.Length;
                foreach (var machine in d.Machines)
                {
                    size += 16 + machine.Length;
                }

                foreach (var command in d.After)
                {
                    size += 16 + command.Length;
                }
            }
        }

        return (int)Math.Min(size + (size / 8), Array.MaxLength);
    }

    private const string DefaultOwner = "root";

    private static void WriteDelivery(Utf8JsonWriter json, Delivery d)
    {
        json.WriteStartObject(Names.Deliver);
        json.WriteStartArray(Names.To);
        foreach (var machine in d.Machines)
        {
            json.WriteStringValue(machine);
        }

        json.WriteEndArray();
        json.WriteString(Names.Target, d.Target);
        json.WriteString(Names.Mode, d.Mode);

        // Absent means the default (root, root, nothing to run): at 10,000 hosts nearly every one
        // of the 50,000 entries has them, and leaving them out is a fifth of the manifest.
        if (d.Owner != DefaultOwner)
        {
            json.WriteString(Names.Owner, d.Owner);
        }

        if (d.Group != DefaultOwner)
        {
            json.WriteString(Names.Group, d.Group);
        }

        if (d.After.Count > 0)
        {
            json.WriteStartArray(Names.After);
            foreach (var command in d.After)
            {
                json.WriteStringValue(command);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// Reads a manifest back; null when the bytes are not a manifest of this version (damaged,
    /// truncated, or written by another version): the caller then treats it as no previous build.
    /// Entries whose path is absolute or climbs out with ".." are dropped, whatever the file says.
    /// Read as a stream of tokens: at 10,000 hosts it lists 50,000 files.
    /// </summary>
    public static Manifest? Read(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var json = new Utf8JsonReader(bytes);
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? site = null, revision = null, format = null;
            int? version = null;
            var entries = new List<ManifestEntry>();
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                var name = json.GetString();
                json.Read();
                switch (name)
                {
                    case "format" when json.TokenType == JsonTokenType.String:
                        format = json.GetString();
                        break;
                    case "version" when json.TokenType == JsonTokenType.Number:
                        version = json.TryGetInt32(out var v) ? v : null;
                        break;
                    case "site" when json.TokenType == JsonTokenType.String:
                        site = json.GetString();
                        break;
                    case "gitRevision" when json.TokenType == JsonTokenType.String:
                        revision = json.GetString();
                        break;
                    case "artifacts" when json.TokenType == JsonTokenType.StartArray:
                        while (json.Read() && json.TokenType == JsonTokenType.StartObject)
                        {
                            if (ReadEntry(ref json) is { } entry && IsInsideOutput(entry.Path))
                            {
                                entries.Add(entry);
                            }
                        }

                        break;
                    default:
                        json.Skip();
                        break;
                }
            }

            return format == Format && version == Version && site is not null ? new Manifest(site, revision, entries) : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null; // a value of the wrong type where a string was expected
        }
    }

    /// <summary>A path a build may write or remove: relative and without "..", whatever a damaged or crafted file says.</summary>
    public static bool IsInsideOutput(string path) =>
        path.Length > 0 && !path.Contains("..", StringComparison.Ordinal) && !System.IO.Path.IsPathRooted(path) && !path.Contains('\\');

    private static ManifestEntry? ReadEntry(ref Utf8JsonReader json)
    {
        string? path = null, family = null, sha = null;
        long bytes = 0;
        Delivery? delivery = null;
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var name = json.GetString();
            json.Read();
            switch (name)
            {
                case "path":
                    path = json.GetString();
                    break;
                case "family":
                    family = json.GetString();
                    break;
                case "sha256":
                    sha = json.GetString();
                    break;
                case "bytes":
                    bytes = json.GetInt64();
                    break;
                case "deliver" when json.TokenType == JsonTokenType.StartObject:
                    delivery = ReadDelivery(ref json);
                    break;
                default:
                    json.Skip();
                    break;
            }
        }

        return path is null || family is null || sha is null ? null : new ManifestEntry(path, family, sha, bytes, delivery);
    }

    private static Delivery ReadDelivery(ref Utf8JsonReader json)
    {
        List<string> to = [], after = [];
        string target = string.Empty, owner = "root", group = "root", mode = "0644";
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var name = json.GetString();
            json.Read();
            switch (name)
            {
                case "to" or "after" when json.TokenType == JsonTokenType.StartArray:
                    var list = name == "to" ? to : after;
                    while (json.Read() && json.TokenType == JsonTokenType.String)
                    {
                        list.Add(json.GetString()!);
                    }

                    break;
                case "target":
                    target = json.GetString()!;
                    break;
                case "owner":
                    owner = json.GetString()!;
                    break;
                case "group":
                    group = json.GetString()!;
                    break;
                case "mode":
                    mode = json.GetString()!;
                    break;
                default:
                    json.Skip();
                    break;
            }
        }

        return new Delivery(to, target, mode, after) { Owner = owner, Group = group };
    }

    /// <summary>Field names, encoded once: most are written 50,000 times at 10,000 hosts.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Format = JsonEncodedText.Encode("format");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
        public static readonly JsonEncodedText Site = JsonEncodedText.Encode("site");
        public static readonly JsonEncodedText GitRevision = JsonEncodedText.Encode("gitRevision");
        public static readonly JsonEncodedText Artifacts = JsonEncodedText.Encode("artifacts");
        public static readonly JsonEncodedText PathField = JsonEncodedText.Encode("path");
        public static readonly JsonEncodedText Family = JsonEncodedText.Encode("family");
        public static readonly JsonEncodedText Sha256 = JsonEncodedText.Encode("sha256");
        public static readonly JsonEncodedText Bytes = JsonEncodedText.Encode("bytes");
        public static readonly JsonEncodedText Deliver = JsonEncodedText.Encode("deliver");
        public static readonly JsonEncodedText To = JsonEncodedText.Encode("to");
        public static readonly JsonEncodedText Target = JsonEncodedText.Encode("target");
        public static readonly JsonEncodedText Owner = JsonEncodedText.Encode("owner");
        public static readonly JsonEncodedText Group = JsonEncodedText.Encode("group");
        public static readonly JsonEncodedText Mode = JsonEncodedText.Encode("mode");
        public static readonly JsonEncodedText After = JsonEncodedText.Encode("after");
    }
}

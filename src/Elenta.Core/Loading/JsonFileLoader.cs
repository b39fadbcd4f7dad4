using System.Text.Json;
using Elenta.Core.Diagnostics;
using Elenta.Core.Text;

namespace Elenta.Core.Loading;

/// <summary>
/// Reads one JSON document into located syntax nodes. Used for *.json site files and for the JSON
/// that nix-instantiate prints for *.nix files (then every node points at the .nix file itself,
/// since Nix does not say where a value came from).
/// </summary>
internal sealed class JsonFileLoader
{
    private readonly SourceFile file;
    private readonly byte[] utf8;
    private readonly List<Diagnostic> diagnostics;
    private readonly Location? fixedLocation;
    private long bytePos;
    private int charPos;

    private JsonFileLoader(SourceFile file, byte[] utf8, List<Diagnostic> diagnostics, Location? fixedLocation)
    {
        this.file = file;
        this.utf8 = utf8;
        this.diagnostics = diagnostics;
        this.fixedLocation = fixedLocation;
    }

    public static SyntaxNode? Load(SourceFile file, byte[] utf8, List<Diagnostic> diagnostics, Location? fixedLocation = null)
    {
        var loader = new JsonFileLoader(file, utf8, diagnostics, fixedLocation);
        if (utf8.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return null; // an empty file holds nothing, as an empty YAML file does
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = 200,
        });
        try
        {
            if (!reader.Read())
            {
                return null;
            }

            var node = loader.ReadValue(ref reader);
            if (reader.Read())
            {
                throw new JsonException("unexpected data after the end of the document", null, null, reader.BytesConsumed);
            }

            return node;
        }
        catch (JsonException ex)
        {
            var at = loader.LocationAtByte(Math.Max(reader.TokenStartIndex, reader.BytesConsumed), 1);
            diagnostics.Add(Messages.JsonSyntaxError(at, CleanMessage(ex.Message)));
            return null;
        }
    }

    private SyntaxNode ReadValue(ref Utf8JsonReader reader)
    {
        var start = LocationAtByte(reader.TokenStartIndex, 1);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var entries = new List<MappingEntry>();
                Dictionary<string, Location>? seen = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = reader.GetString()!;
                    var keyLocation = LocationAtByte(reader.TokenStartIndex, Math.Max(1, key.Length + 2));
                    reader.Read();
                    var value = ReadValue(ref reader);
                    seen ??= new Dictionary<string, Location>(StringComparer.Ordinal);
                    if (seen.TryGetValue(key, out var first))
                    {
                        diagnostics.Add(Messages.DuplicateKeyError(keyLocation, key, first));
                        continue;
                    }

                    seen[key] = keyLocation;
                    entries.Add(new MappingEntry(key, keyLocation, value));
                }

                return new MappingSyntax(start, Priority.Normal, entries);
            }

            case JsonTokenType.StartArray:
            {
                var items = new List<SyntaxNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader));
                }

                return new SequenceSyntax(start, Priority.Normal, items);
            }

            case JsonTokenType.String:
                return new ScalarSyntax(Widen(start, reader), Priority.Normal, reader.GetString()!, ScalarStyle.Quoted, false);
            case JsonTokenType.Number:
                return new ScalarSyntax(Widen(start, reader), Priority.Normal, System.Text.Encoding.UTF8.GetString(reader.ValueSpan), ScalarStyle.Plain, false);
            case JsonTokenType.True:
                return new ScalarSyntax(Widen(start, reader), Priority.Normal, "true", ScalarStyle.Plain, false);
            case JsonTokenType.False:
                return new ScalarSyntax(Widen(start, reader), Priority.Normal, "false", ScalarStyle.Plain, false);
            case JsonTokenType.Null:
                return new ScalarSyntax(Widen(start, reader), Priority.Normal, string.Empty, ScalarStyle.Plain, true);
            default:
                throw new JsonException($"unexpected {reader.TokenType}");
        }
    }

    private Location Widen(Location start, Utf8JsonReader reader) =>
        fixedLocation ?? start with { Span = new TextSpan(start.Span.Start, Math.Max(1, reader.ValueSpan.Length)) };

    /// <summary>Turns a UTF-8 byte offset into a character offset; offsets arrive in increasing order.</summary>
    private Location LocationAtByte(long byteOffset, int length)
    {
        if (fixedLocation is { } at)
        {
            return at;
        }

        byteOffset = Math.Clamp(byteOffset, 0, utf8.Length);
        if (byteOffset < bytePos)
        {
            bytePos = 0;
            charPos = 0;
        }

        for (; bytePos < byteOffset; bytePos++)
        {
            var b = utf8[bytePos];
            if ((b & 0xC0) != 0x80)
            {
                charPos += b >= 0xF0 ? 2 : 1;
            }
        }

        var start = Math.Min(charPos, file.Text.Length);
        return new Location(file, new TextSpan(start, Math.Min(length, file.Text.Length - start)));
    }

    private static string CleanMessage(string message)
    {
        var idx = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (idx > 0 ? message[..idx] : message).TrimEnd('.', ' ');
    }
}

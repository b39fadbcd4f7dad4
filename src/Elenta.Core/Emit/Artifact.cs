namespace Elenta.Core.Emit;

/// <summary>
/// One output file of a build: where it goes in the output tree, which artifact family made it,
/// how it is delivered (which machines receive it, where, with which mode, what runs after it
/// changes; null for a file that stays in the output: build state, or a hand-off to someone outside
/// the site), and its bytes.
/// </summary>
public sealed record Artifact(string Path, string Family, Delivery? Delivery, byte[] Content)
{
    private byte[]? sha256;

    public static Artifact Text(string path, string family, Delivery? delivery, string text) =>
        new(path, family, delivery, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>The machines that receive the file (none when it is not delivered).</summary>
    public IReadOnlyList<string> Machines => Delivery?.Machines ?? [];

    /// <summary>The sha256 of <see cref="Content"/>, computed once (the manifest and the write both need it).</summary>
    public byte[] Sha256Bytes => sha256 ??= System.Security.Cryptography.SHA256.HashData(Content);

    public string Sha256 => Convert.ToHexStringLower(Sha256Bytes);

    // Equal artifacts are equal whether or not their hash has been computed yet.
    public bool Equals(Artifact? other) =>
        other is not null && Path == other.Path && Family == other.Family && Equals(Delivery, other.Delivery) && ReferenceEquals(Content, other.Content);

    public override int GetHashCode() => HashCode.Combine(Path, Family, Content);
}

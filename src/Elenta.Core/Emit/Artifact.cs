namespace Elenta.Core.Emit;

/// <summary>
/// One output file of a build: where it goes in the output tree, which artifact family made it,
/// which machine it is for (null when it is site-wide), and its bytes.
/// </summary>
public sealed record Artifact(string Path, string Family, string? Machine, string? TargetPath, byte[] Content)
{
    private byte[]? sha256;

    public static Artifact Text(string path, string family, string? machine, string? targetPath, string text) =>
        new(path, family, machine, targetPath, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>The sha256 of <see cref="Content"/>, computed once (the manifest and the write both need it).</summary>
    public byte[] Sha256Bytes => sha256 ??= System.Security.Cryptography.SHA256.HashData(Content);

    public string Sha256 => Convert.ToHexStringLower(Sha256Bytes);

    // Equal artifacts are equal whether or not their hash has been computed yet.
    public bool Equals(Artifact? other) =>
        other is not null && Path == other.Path && Family == other.Family && Machine == other.Machine && TargetPath == other.TargetPath && ReferenceEquals(Content, other.Content);

    public override int GetHashCode() => HashCode.Combine(Path, Family, Machine, TargetPath, Content);
}

namespace Elenta.Core.Emit;

/// <summary>
/// One output file of a build: where it goes in the output tree, which artifact family made it,
/// which machine it is for (null when it is site-wide), and its bytes.
/// </summary>
public sealed record Artifact(string Path, string Family, string? Machine, string? TargetPath, byte[] Content)
{
    public static Artifact Text(string path, string family, string? machine, string? targetPath, string text) =>
        new(path, family, machine, targetPath, System.Text.Encoding.UTF8.GetBytes(text));

    public string Sha256 => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Content));
}

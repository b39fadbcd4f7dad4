namespace Elenta.Core.Loading;

/// <summary>
/// What the loader needs from a file system. Core never touches disks itself: the CLI passes the
/// physical one, tests pass <see cref="InMemoryFileSystem"/>.
/// </summary>
public interface ISiteFileSystem
{
    bool DirectoryExists(string path);

    bool FileExists(string path);

    /// <summary>Files directly in a directory (full paths).</summary>
    IEnumerable<string> GetFiles(string directory);

    /// <summary>Subdirectories directly in a directory (full paths).</summary>
    IEnumerable<string> GetDirectories(string directory);

    long GetLength(string path);

    byte[] ReadAllBytes(string path);

    /// <summary>
    /// Reads a whole file into <paramref name="buffer"/> (replaced by a larger array of its own
    /// when the file does not fit) and returns how many bytes it holds. The loader reads every
    /// site file so, into a buffer it reuses, where <see cref="ReadAllBytes"/> makes an array per
    /// file that is garbage once the file is decoded.
    /// </summary>
    int ReadInto(string path, ref byte[] buffer)
    {
        var bytes = ReadAllBytes(path);
        if (bytes.Length > buffer.Length)
        {
            buffer = new byte[bytes.Length];
        }

        bytes.CopyTo(buffer, 0);
        return bytes.Length;
    }

    /// <summary>
    /// Reads a whole file into <paramref name="destination"/> and returns how many bytes it holds,
    /// or -1 when it does not fit (it grew since its length was asked). The loader reads a file of
    /// more than a few megabytes so, into memory it frees once the file is decoded.
    /// </summary>
    int ReadInto(string path, Span<byte> destination)
    {
        var bytes = ReadAllBytes(path);
        if (bytes.Length > destination.Length)
        {
            return -1;
        }

        bytes.CopyTo(destination);
        return bytes.Length;
    }

    /// <summary>Normalises a path (absolute, no "..").</summary>
    string GetFullPath(string path);

    /// <summary>The path to show a user for a file.</summary>
    string GetDisplayPath(string path);
}

/// <summary>Evaluates a .nix file to JSON. The CLI's implementation runs nix-instantiate.</summary>
public interface INixEvaluator
{
    NixEvaluation Evaluate(string path);
}

public sealed record NixEvaluation(bool Available, string? Json, string? Error, int? Line = null, int? Column = null)
{
    public static NixEvaluation NotInstalled { get; } = new(false, null, null);

    public static NixEvaluation Success(string json) => new(true, json, null);

    public static NixEvaluation Failure(string error, int? line = null, int? column = null) => new(true, null, error, line, column);
}

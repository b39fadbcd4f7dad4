using System.Globalization;

namespace Elenta.Core.Model.Values;

/// <summary>
/// A ZFS pool's name as <c>zpool create</c> takes it. OpenZFS's rules: pool_namecheck
/// (module/zcommon/zfs_namecheck.c) wants letters, digits, '-', '_', '.', ':' and ' ' only, a letter
/// first, fewer than 240 bytes (ZFS_MAX_DATASET_NAME_LEN 256, less 2 and twice "$ORIGIN"), and not
/// "mirror", "raidz" or "draid"; zpool_name_valid (lib/libzfs/libzfs_pool.c) also refuses, on create,
/// a name beginning with "mirror", "raidz", "draid" or "spare", and "log" (vdev keywords). The
/// Solaris rule against c0..c9 (a disk's name) is not OpenZFS's any more. format-disks wipes the
/// disks before zpool create: a name it refuses stops the script half way, with blank disks.
/// </summary>
public static class ZfsPoolName
{
    /// <summary>The most bytes a name may have (strlen &lt; 256 - 2 - 2 * strlen("$ORIGIN")).</summary>
    public const int MaxBytes = 239;

    private static readonly string[] Keywords = ["mirror", "raidz", "draid", "spare"];

    /// <summary>What names look like, for the help of a refused one.</summary>
    public const string Help =
        "a pool name is letters, digits and '-', '_', '.', ':' or spaces, starting with a letter, such as tank, rpool or data-1; not mirror..., raidz..., draid..., spare... or log, which zpool create reads as vdev keywords";

    /// <summary>Why <paramref name="name"/> cannot be a ZFS pool's name, or null when it can.</summary>
    public static string? WhyInvalid(string name)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or ' '))
            {
                return c < ' ' || c == '\x7f' ? "it has a control character" : $"'{c}' is not allowed in a pool name";
            }
        }

        if (!char.IsAsciiLetter(name[0]))
        {
            return "it must begin with a letter";
        }

        // Every character is ASCII by now: a character is a byte.
        if (name.Length > MaxBytes)
        {
            return $"it is {name.Length.ToString(CultureInfo.InvariantCulture)} bytes long, over the {MaxBytes.ToString(CultureInfo.InvariantCulture)} a pool name may have";
        }

        foreach (var keyword in Keywords)
        {
            if (name.StartsWith(keyword, StringComparison.Ordinal))
            {
                return $"a name beginning with '{keyword}' is reserved: zpool create reads {keyword} as a vdev keyword";
            }
        }

        return name == "log" ? "'log' is reserved: zpool create reads it as a vdev keyword" : null;
    }
}

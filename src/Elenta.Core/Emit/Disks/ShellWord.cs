namespace Elenta.Core.Emit.Disks;

/// <summary>Quotes one word for bash: left bare when it is plainly safe, else single-quoted.</summary>
public static class ShellWord
{
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(IsSafe))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':' or '=' or '@' or '%' or '+' or ',';
}

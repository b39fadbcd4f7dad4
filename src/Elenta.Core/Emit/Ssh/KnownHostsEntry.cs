namespace Elenta.Core.Emit.Ssh;

/// <summary>One known_hosts line: every name a machine is reached by, and its current host key.</summary>
public sealed record KnownHostsEntry(string Machine, IReadOnlyList<string> Names, int Port, PublicKey Key)
{
    /// <summary>The names as ssh looks them up: bare on port 22, <c>[name]:port</c> otherwise.</summary>
    public IEnumerable<string> Patterns => Port == 22 ? Names : Names.Select(n => $"[{n}]:{Port}");

    public string Line => $"{string.Join(',', Patterns)} {Key}";
}

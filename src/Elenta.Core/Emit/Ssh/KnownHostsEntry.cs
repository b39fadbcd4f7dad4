using System.Buffers;
using System.Globalization;
using System.Text;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Emit.Ssh;

/// <summary>One known_hosts line: every name a machine is reached by, and its current host key.</summary>
public sealed record KnownHostsEntry(string Machine, IReadOnlyList<string> Names, int Port, PublicKey Key)
{
    /// <summary>The names as ssh looks them up: bare on port 22, <c>[name]:port</c> otherwise.</summary>
    public IEnumerable<string> Patterns => Port == 22 ? Names : Names.Select(n => $"[{n}]:{Port}");

    public string Line => $"{string.Join(',', Patterns)} {Key}";

    /// <summary>Writes <see cref="Line"/> and its newline as UTF-8, without building the line first.</summary>
    public void WriteLine(IBufferWriter<byte> output)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (i > 0)
            {
                Write(",", output);
            }

            if (Port == 22)
            {
                Write(Names[i], output);
            }
            else
            {
                Write("[", output);
                Write(Names[i], output);
                Write("]:", output);
                Write(Port.ToString(CultureInfo.InvariantCulture), output);
            }
        }

        Write(" ", output);
        Write(Key.Type, output);
        Write(" ", output);
        Write(Key.Base64, output);
        Write("\n", output);
    }

    private static void Write(string text, IBufferWriter<byte> output) => Encoding.UTF8.GetBytes(text, output);
}

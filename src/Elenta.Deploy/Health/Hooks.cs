using Elenta.Core.Semantics;
using Elenta.Deploy.Drivers;
using Elenta.Deploy.Transport;

namespace Elenta.Deploy.Health;

/// <summary>
/// The roles' backup and restore commands, run on the machine over its master connection, each as
/// the argument vector <c>sh -c COMMAND</c> (the site's own command, as written), in the order of the
/// machine's roles; the first that fails stops the others. Whatever the driver.
/// </summary>
public static class Hooks
{
    public static StepResult Run(SshTransport ssh, DeployTarget target, string kind, IReadOnlyList<RoleCommand> commands, Action<string> log)
    {
        foreach (var (role, command) in commands)
        {
            log($"{kind} (role {role}): {command}");
            var r = ssh.Run(target, ["sh", "-c", command]);
            var output = (r.Output + r.Error).TrimEnd();
            if (output.Length > 0)
            {
                log(output);
            }

            if (r.Code != 0)
            {
                var why = r.ConnectionFailed ? $"lost the connection to {target.Address}" : $"exited {r.Code}" + (output.Length > 0 ? ": " + output.Split('\n')[^1].Trim() : string.Empty);
                return new StepResult(false, output, $"{kind} command '{command}' of role {role} {why}");
            }
        }

        return new StepResult(true, string.Empty);
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Elenta.Core.Emit;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Deploy;

/// <summary>One machine to deploy to: its name, its canon name (the name its host key is known by), where it is reached, as whom, and by which driver.</summary>
public sealed record DeployTarget(string Machine, string CanonName, string Address, int Port, string User, DriverKind Driver)
{
    /// <summary>For the nixos driver: the flake configuration its system is built from (<c>.#toto</c>); see <see cref="Drivers.NixosDriver.ConfigOf"/>.</summary>
    public string? NixosConfig { get; init; }
}

/// <summary>Which machines a command is about: <c>--on</c>, <c>--canon</c>, <c>--constellation</c>, else every machine that receives files.</summary>
public sealed record TargetSelection(IReadOnlyList<string> On, string? Canon, string? Constellation);

/// <summary>A machine that could not be targeted, and why.</summary>
public sealed record TargetProblem(string Machine, string Message);

/// <summary>How names become addresses: the system's resolver (the default), or the cadaster (<c>--no-dns</c>).</summary>
public interface INameResolver
{
    /// <summary>The addresses DNS gives the name; empty when it has none; null when it could not be asked.</summary>
    IReadOnlyList<string>? Resolve(string name);
}

/// <summary>The system's resolver (getaddrinfo), as ssh itself would resolve the name.</summary>
public sealed class SystemResolver : INameResolver
{
    public IReadOnlyList<string>? Resolve(string name)
    {
        try
        {
            return Dns.GetHostAddresses(name).Select(a => a.ToString()).ToList();
        }
        catch (SocketException)
        {
            return [];
        }
    }
}

/// <summary>Works out the machines a command targets, and where each is reached.</summary>
public static class Targets
{
    /// <summary>
    /// The machines selected, in the site's order, each with its address: by DNS (<paramref name="resolver"/>)
    /// unless null (<c>--no-dns</c>: the cadaster's). When DNS and the cadaster both answer and disagree,
    /// the machine is a problem: which one is right is for the operator to say.
    /// </summary>
    public static (IReadOnlyList<DeployTarget> Targets, IReadOnlyList<TargetProblem> Problems) Select(
        ResolvedSite site, Manifest manifest, TargetSelection selection, INameResolver? resolver)
    {
        var problems = new List<TargetProblem>();
        var receivers = manifest.Entries.Where(e => e.Delivery is not null).SelectMany(e => e.Delivery!.Machines).ToHashSet(StringComparer.Ordinal);
        var names = site.Names;
        var chosen = new List<string>();
        if (selection.Canon is { } canon)
        {
            var named = names.Named(canon).ToList();
            var machine = named.Select(n => n.Machine).Distinct().ToList();
            if (machine.Count != 1 || site.Machines[machine[0]] is null)
            {
                problems.Add(new TargetProblem(canon, $"'{canon}' is no canon name of a machine of the site"));
            }
            else if (named.All(n => n.Kind == CanonNameKind.Bmc))
            {
                // The BMC runs an ssh of its own: its key is not the machine's, nor is it deployed to.
                problems.Add(new TargetProblem(canon, $"'{canon}' is the BMC of {machine[0]}, not a machine Elenta deploys to or asks for its key: name {machine[0]} itself"));
            }
            else
            {
                chosen.Add(machine[0]);
            }
        }

        if (selection.Constellation is { } constellation)
        {
            if (site.Constellations.FirstOrDefault(c => c.Name == constellation) is not { } c)
            {
                problems.Add(new TargetProblem(constellation, $"'{constellation}' is no constellation of the site ({string.Join(", ", site.Constellations.Select(x => x.Name))})"));
            }
            else
            {
                chosen.AddRange(site.Machines.Where(m => m.Constellations.Contains(constellation) && receivers.Contains(m.Name)).Select(m => m.Name));
            }
        }

        foreach (var item in selection.On.SelectMany(o => o.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var matched = Match(site, item).ToList();
            if (matched.Count == 0)
            {
                var suggestion = Suggest.Closest(item, site.Machines.Select(m => m.Name).ToList());
                problems.Add(new TargetProblem(item, $"--on '{item}' matches no machine of the site" + (suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?")));
            }

            chosen.AddRange(matched);
        }

        if (selection.Canon is null && selection.Constellation is null && selection.On.Count == 0)
        {
            chosen.AddRange(site.Machines.Where(m => receivers.Contains(m.Name)).Select(m => m.Name));
        }

        var targets = new List<DeployTarget>();
        var nixosConfigs = new Lazy<Func<string, string>>(() => Drivers.NixosDriver.ConfigsOf(site));
        // Not managed by Elenta (driver: none): nothing is deployed to it. Guests take the nixos driver (issue 14).
        var managed = chosen.Distinct(StringComparer.Ordinal)
            .Select(m => (Machine: m, Host: site.Site.Cadaster.Hosts[m]))
            .Select(m => (m.Machine, m.Host, Driver: m.Host?.Driver ?? DriverKind.Nixos))
            .Where(m => m.Driver != DriverKind.None)
            .Select(m => (m.Machine, m.Host, m.Driver, Fqdn: names.CanonFqdn(m.Machine)))
            .ToList();
        var answers = resolver is null ? null : ResolveAll(resolver, managed.Select(m => m.Fqdn).ToList());
        for (var i = 0; i < managed.Count; i++)
        {
            var (machine, host, driver, fqdn) = managed[i];
            var fromCadaster = names.AddressOf(machine)?.ToString();
            var ssh = host?.Ssh ?? SshMachines.Of(site.Site).FirstOrDefault(s => s.Machine == machine).Ssh;
            string? address = fromCadaster;
            if (answers is not null)
            {
                var answer = answers[i];
                if (answer is null || answer.Count == 0)
                {
                    problems.Add(new TargetProblem(machine, $"{fqdn} does not resolve through DNS; --no-dns takes the cadaster's address ({fromCadaster ?? "none"})"));
                    continue;
                }

                if (fromCadaster is not null && !answer.Contains(fromCadaster))
                {
                    problems.Add(new TargetProblem(machine, $"DNS says {fqdn} is {string.Join(", ", answer)}, the cadaster says {fromCadaster}: they disagree, so nothing is done to it (fix the zone or the cadaster; --no-dns uses the cadaster)"));
                    continue;
                }

                address = fromCadaster ?? answer[0];
            }

            if (address is null)
            {
                problems.Add(new TargetProblem(machine, $"{machine} has no canon address to reach it at"));
                continue;
            }

            targets.Add(new DeployTarget(machine, fqdn, address, ssh?.Port ?? 22, ssh?.User ?? "root", driver)
            {
                NixosConfig = driver == DriverKind.Nixos ? nixosConfigs.Value(machine) : null,
            });
        }

        return (targets, problems);
    }

    /// <summary>How many names are asked at once: a resolver waits on the network, not on the CPU.</summary>
    private const int ResolvedAtOnce = 16;

    /// <summary>
    /// Each name's answer, in the names' order, asked side by side (up to <see cref="ResolvedAtOnce"/>
    /// at a time): fifty machines are not fifty round trips one after the other.
    /// </summary>
    public static IReadOnlyList<string>?[] ResolveAll(INameResolver resolver, IReadOnlyList<string> names) =>
        OnThreads.Map(names, ResolvedAtOnce, resolver.Resolve);

    private static IEnumerable<string> Match(ResolvedSite site, string item)
    {
        if (item.StartsWith('@'))
        {
            var tag = item[1..];
            return site.Site.Cadaster.Hosts.Where(h => h.Tags.Contains(tag, StringComparer.Ordinal)).Select(h => h.Name);
        }

        if (item.Contains('*') || item.Contains('?'))
        {
            var pattern = new Regex("^" + Regex.Escape(item).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$");
            return site.Machines.Where(m => pattern.IsMatch(m.Name)).Select(m => m.Name);
        }

        var relative = site.Names.Relative(item);
        return site.Machines[relative] is not null ? [relative] : [];
    }
}

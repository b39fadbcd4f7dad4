using System.CommandLine;
using System.Text.Json.Nodes;
using DnsClient;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Cli.Commands;

/// <summary>
/// <c>elenta lookup NAME</c>: a canon name's addresses, MACs and interfaces from the cadaster, and
/// (unless <c>--no-dns</c>) what DNS answers for it, saying when the two disagree.
/// </summary>
internal static class LookupCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "A canon name: toto, toto.canon, kansas.ifrit.canon, drac.dop.canon, barge, sw-lab (a switch)" };
        var noDns = new Option<bool>("--no-dns") { Description = "Answer from the cadaster only; do not ask DNS (useful while addresses change)" };
        var server = new Option<string?>("--dns-server") { Description = "Ask this DNS server instead of the system's resolvers: an IPv4 address in four decimal numbers (127.0.0.1, 127.0.0.1:5353) or an IPv6 one (::1, [::1]:5353); port 53 when none is given", HelpName = "ADDR[:PORT]" };
        var format = new Option<string>("--format", "-f") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var site = CommonOptions.Site();
        var command = new Command("lookup",
            """
            Look up a machine by canon name: its addresses, MACs and interfaces as the cadaster says,
            then what DNS answers, and whether the two agree. Exits 1 when the name is unknown, 2 when
            DNS disagrees with the cadaster or does not answer for it. The canon domain is the site's
            own: until a name server serves the zones 'elenta build' writes (docs/dns.md, "Trying the
            zones on this machine"), ask that server with --dns-server, or use --no-dns.

            Examples:
              elenta lookup toto --no-dns --site examples/emerald-city
              elenta lookup kansas.ifrit.canon --dns-server 127.0.0.1:5353
            """);
        command.Arguments.Add(name);
        command.Options.Add(noDns);
        command.Options.Add(server);
        command.Options.Add(format);
        command.Options.Add(site);
        command.SetAction(parse =>
        {
            var compilation = context.Compile(CommonOptions.SiteOf(parse, site), analyze: false);
            if (compilation.HasErrors || compilation.Resolved is null)
            {
                return CommonOptions.ReportBrokenSite(context, compilation);
            }

            var resolved = compilation.Resolved;
            var query = parse.GetValue(name)!.TrimEnd('.').ToLowerInvariant(); // DNS names are case-insensitive
            if (Find(resolved, query) is not var (machine, addresses, fqdn))
            {
                var all = resolved.Machines.Select(m => m.Name)
                    .Concat(resolved.Machines.SelectMany(m => m.Addresses.Select(a => a.Fqdn)))
                    .Concat(resolved.Names.Canon.Where(n => n.Kind == CanonNameKind.Switch).SelectMany(n => new[] { n.Relative, n.Fqdn }));
                var suggestion = Suggest.Closest(query, all);
                context.Err.WriteLine($"elenta: no machine or canon name '{query}' in the cadaster" + (suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?"));
                return 1;
            }

            DnsAnswer? dns = null;
            if (!parse.GetValue(noDns))
            {
                var expected = addresses.Where(a => a.Primary || addresses.Count == 1).Select(a => a.Ip).ToList();
                if (expected.Count == 0)
                {
                    expected = addresses.Take(1).Select(a => a.Ip).ToList();
                }

                dns = AskDns(fqdn, parse.GetValue(server), expected);
                if (dns.Error is not null && dns.ServerSpec is null && parse.GetValue(server) is { } bad)
                {
                    context.Err.WriteLine($"elenta: {dns.Error}");
                    return 1;
                }
            }

            if (parse.GetValue(format) == "json")
            {
                WriteJson(context, machine, fqdn, addresses, dns);
            }
            else
            {
                WriteText(context, machine, fqdn, addresses, dns);
            }

            return dns is { Agrees: false } ? 2 : 0;
        });
        return command;
    }

    /// <summary>
    /// The machine a name denotes, as the canon zone publishes it (<see cref="SiteNames"/>): all its
    /// addresses for the machine's own name, the one address for <c>label.host</c> or a BMC. A
    /// machine the zone has no name for (no address yet) is still found by its own name, to say so.
    /// </summary>
    private static (Found Machine, IReadOnlyList<ViewAddress> Addresses, string Fqdn)? Find(ResolvedSite resolved, string query)
    {
        var names = resolved.Names;
        foreach (var name in names.Named(query))
        {
            if (resolved.Machines[name.Machine] is { } machine)
            {
                return (Found.Of(machine), name.IsBare ? machine.Addresses : machine.Addresses.Where(a => a.Fqdn == name.Fqdn).ToList(), name.Fqdn);
            }

            if (name.Kind == CanonNameKind.Switch)
            {
                // A switch is no machine of the site's, but the canon zone names it at its management address.
                return (new Found(name.Machine, "switch", null), [ViewAddress.OfSwitch(name)], name.Fqdn);
            }
        }

        var bare = names.Relative(query);
        return resolved.Machines[bare] is { } named ? (Found.Of(named), named.Addresses, names.CanonFqdn(bare)) : null;
    }

    /// <summary>What a name denotes: a machine of the site (host, VM, container; on a host) or a switch.</summary>
    private sealed record Found(string Name, string Kind, string? Host)
    {
        public static Found Of(MachineView machine) => new(machine.Name, ViewJson.KindName(machine.Kind), machine.Host);
    }

    /// <summary>What DNS said; <paramref name="NoServer"/> when no server answered at all (timeout, refused).</summary>
    private const string SystemResolver = "system resolver";

    private const string ServeTheZones =
        "serve the zones 'elenta build' writes (dns/zones; docs/dns.md, \"Trying the zones on this machine\") and ask that server with --dns-server ADDR[:PORT], or use --no-dns to answer from the cadaster only";

    private sealed record DnsAnswer(string? ServerSpec, IReadOnlyList<IpAddress> Answers, string? Error, bool Agrees, IReadOnlyList<IpAddress> Expected, bool NoServer = false);

    private static DnsAnswer AskDns(string fqdn, string? serverSpec, IReadOnlyList<IpAddress> expected)
    {
        LookupClientOptions options;
        if (serverSpec is not null)
        {
            if (!Hosting.DnsServerAddress.TryParse(serverSpec, out var endpoint))
            {
                return new DnsAnswer(null, [], $"'{serverSpec}' is not ADDRESS or ADDRESS:PORT: an IPv4 address in four decimal numbers 0-255 (127.0.0.1, 127.0.0.1:5353), or an IPv6 one, in brackets to give a port ([::1]:5353)", false, expected);
            }

            options = new LookupClientOptions(new NameServer(endpoint));
        }
        else
        {
            options = new LookupClientOptions();
        }

        options.UseCache = false;
        options.Timeout = TimeSpan.FromSeconds(2);
        options.Retries = 1;
        options.ThrowDnsErrors = false;
        var spec = serverSpec ?? SystemResolver;
        try
        {
            var client = new LookupClient(options);
            var v6 = expected.Count > 0 && expected.All(e => e.IsV6);
            var response = client.Query(fqdn, v6 ? QueryType.AAAA : QueryType.A);
            if (response.HasError)
            {
                var why = response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain ? "no such name (NXDOMAIN)" : $"the server answered {response.Header.ResponseCode}";
                return new DnsAnswer(spec, [], why, false, expected);
            }

            var answers = response.Answers.ARecords().Select(r => IpAddress.Parse(r.Address.ToString()))
                .Concat(response.Answers.AaaaRecords().Select(r => IpAddress.Parse(r.Address.ToString())))
                .OrderBy(a => a).ToList();
            var agrees = answers.Count > 0 && expected.All(answers.Contains) && answers.All(a => expected.Contains(a));
            return new DnsAnswer(spec, answers, answers.Count == 0 ? "no address records in the answer" : null, agrees, expected);
        }
        catch (DnsResponseException ex) when (ex.Code == DnsResponseCode.ConnectionTimeout)
        {
            return new DnsAnswer(spec, [], "no DNS server answered", false, expected, NoServer: true);
        }
        catch (DnsResponseException ex)
        {
            return new DnsAnswer(spec, [], ex.Message, false, expected);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return new DnsAnswer(spec, [], "no DNS server answered", false, expected, NoServer: true);
        }
        catch (InvalidOperationException ex)
        {
            return new DnsAnswer(spec, [], ex.Message, false, expected);
        }
    }

    private static void WriteText(CliContext context, Found machine, string fqdn, IReadOnlyList<ViewAddress> addresses, DnsAnswer? dns)
    {
        var o = context.Out;
        o.WriteLine($"{fqdn}  ({machine.Kind}{(machine.Host is null ? string.Empty : " on " + machine.Host)}; from the cadaster)");
        // SOURCE: where the address comes from (canon, bmc, vm, container), and whether it is the
        // machine's primary one, the address its bare name resolves to.
        var rows = addresses.Select(a => (IReadOnlyList<string>)[a.Fqdn, a.Network, a.Ip.ToString(), a.Interface ?? "-", a.Mac?.ToString() ?? "-", a.Primary ? a.Source + ", primary" : a.Source]).ToList();
        Rendering.Tables.Write(o, context.Color, ["NAME", "NETWORK", "ADDRESS", "INTERFACE", "MAC", "SOURCE"], rows);
        if (rows.Count == 0)
        {
            o.WriteLine("  (no addresses in the cadaster)");
        }

        if (dns is null)
        {
            o.WriteLine("DNS: not asked (--no-dns)");
        }
        else if (dns.NoServer)
        {
            o.WriteLine($"DNS ({dns.ServerSpec}): no DNS server answered, so {fqdn} could not be asked; the cadaster says {string.Join(", ", dns.Expected)}");
            o.WriteLine($"  {ServeTheZones}");
        }
        else if (dns.Error is not null && dns.Answers.Count == 0)
        {
            o.WriteLine($"DNS ({dns.ServerSpec}): no answer for {fqdn}: {dns.Error}; the cadaster says {string.Join(", ", dns.Expected)}");
            if (dns.ServerSpec == SystemResolver)
            {
                o.WriteLine($"  the system's resolvers may not serve the site's zones: {ServeTheZones}");
            }
        }
        else if (dns.Agrees)
        {
            o.WriteLine($"DNS ({dns.ServerSpec}): {fqdn} is {string.Join(", ", dns.Answers)}, as the cadaster says");
        }
        else
        {
            o.WriteLine($"DNS ({dns.ServerSpec}): {fqdn} is {string.Join(", ", dns.Answers)}, but the cadaster says {string.Join(", ", dns.Expected)}: they DISAGREE");
            o.WriteLine("  the cadaster is the source of truth; rebuild and deploy the zone, or use --no-dns until DNS catches up");
        }
    }

    private static void WriteJson(CliContext context, Found machine, string fqdn, IReadOnlyList<ViewAddress> addresses, DnsAnswer? dns)
    {
        var root = new JsonObject
        {
            ["name"] = fqdn,
            ["machine"] = machine.Name,
            ["kind"] = machine.Kind,
            ["cadaster"] = new JsonArray(addresses.Select(a => (JsonNode?)new JsonObject
            {
                ["fqdn"] = a.Fqdn,
                ["network"] = a.Network,
                ["ip"] = a.Ip.ToString(),
                ["interface"] = a.Interface,
                ["mac"] = a.Mac?.ToString(),
                ["primary"] = a.Primary,
                ["source"] = a.Source,
            }).ToArray()),
        };
        if (dns is not null)
        {
            root["dns"] = new JsonObject
            {
                ["server"] = dns.ServerSpec,
                ["answers"] = new JsonArray(dns.Answers.Select(a => (JsonNode?)a.ToString()).ToArray()),
                ["error"] = dns.Error,
                ["answered"] = !dns.NoServer,
                ["agrees"] = dns.Agrees,
            };
        }

        context.Out.Write(ViewJson.Serialize(root));
    }
}

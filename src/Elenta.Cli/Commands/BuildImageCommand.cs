using System.CommandLine;
using Elenta.Core.Emit.Netboot;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;
using Elenta.Deploy;
using Elenta.Deploy.Drivers;
using Elenta.Output;

namespace Elenta.Cli.Commands;

/// <summary>
/// <c>elenta build-image</c>: a machine's NixOS netboot image, built from the site's flake, written
/// to a directory (<c>--out</c>) or put into the site's netboot store under the machine's MAC.
/// </summary>
internal static class BuildImageCommand
{
    public static Command Create(CliContext context)
    {
        var site = CommonOptions.SiteOptional();
        var siteArgument = CommonOptions.SiteArgumentOrCurrent();
        var config = new Option<string?>("--config", "-c") { Description = "The flake configuration to build, FLAKE#NAME ('.#randy'); default: the machine's (its roles' config.nixos, else .#MACHINE)", HelpName = "FLAKE#NAME" };
        var output = new Option<string?>("--out", "-o") { Description = "Write bzImage, initrd and netboot.ipxe into this directory (no store)", HelpName = "PATH" };
        var mac = new Option<string?>("--mac") { Description = "Put the image into the store for the machine that netboots from this MAC, a NIC's, written as the cadaster writes it (02:e1:00:00:00:70, 02-e1-..., 02e1.0000.0070)", HelpName = "MAC" };
        var canon = new Option<string?>("--canon") { Description = "Put the image into the store for this machine, by canon name (its MAC from DNS and the cadaster)", HelpName = "NAME" };
        var store = new Option<string?>("--store") { Description = "The directory of the site's netboot store (default: netbootStore.path); it must hold the store's index.json", HelpName = "DIR" };
        var noDns = new Option<bool>("--no-dns") { Description = "With --canon: the cadaster's address, without asking DNS" };
        var command = new Command("build-image",
            """
            Build a machine's NixOS netboot image (system.build.kernel, netbootRamdisk and
            netbootIpxeScript of the site's flake) and write it out (--out PATH), or put it into the
            site's netboot store for a machine (--mac MAC or --canon NAME): the image lands in the
            folder of the machine's boot MAC under images/ID, that folder's boot.ipxe boots it, the
            previous image is kept for rollback (MAC/previous), and the store's index.json says which
            image each MAC boots; files and links are written, then renamed into place. Refused: an
            image over the BIOS netboot ramdisk limit on a BIOS machine, a --store that is not the
            site's store, a MAC no netbooted machine has, and, before the site is built, a MAC the
            cadaster would refuse (broadcast, multicast, all zeros). docs/nixos.md.

            Examples:
              elenta build-image --config '.#randy' --out /tmp/randy-image
              elenta build-image --mac 02:e1:00:00:00:70 --store /srv/netboot
              elenta build-image --config '.#installer' --canon randy.canon --no-dns
            """);
        command.Arguments.Add(siteArgument);
        foreach (var o in new Option[] { site, config, output, mac, canon, store, noDns })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse =>
        {
            var targets = new[] { parse.GetValue(output), parse.GetValue(mac), parse.GetValue(canon) }.Count(v => v is not null);
            if (targets != 1)
            {
                context.Err.WriteLine("elenta: build-image needs exactly one of --out PATH, --mac MAC and --canon NAME");
                return 1;
            }

            if (parse.GetValue(output) is not null && parse.GetValue(config) is null)
            {
                context.Err.WriteLine("elenta: build-image --out needs --config FLAKE#NAME (with --mac or --canon, the machine's own configuration is the default)");
                return 1;
            }

            // A MAC that is none, or that no NIC has (as the site refuses it in the cadaster), is refused before the site is built.
            MacAddress? macAddress = null;
            if (parse.GetValue(mac) is { } macText)
            {
                if (!MacAddress.TryParse(macText, out var parsed))
                {
                    context.Err.WriteLine($"elenta: --mac '{macText}' is not a MAC address (aa:bb:cc:dd:ee:ff)");
                    return 1;
                }

                if (parsed.WhyNotANic is { } notNic)
                {
                    context.Err.WriteLine($"elenta: --mac '{macText}' is not a NIC's MAC address: {notNic}; {MacAddress.NicHelp}");
                    return 1;
                }

                macAddress = parsed;
            }

            var siteDir = Path.GetFullPath(context.SiteDirectory(CommonOptions.SiteOf(parse, siteArgument, site)), context.WorkingDirectory);
            var buildDir = Path.Combine(siteDir, ".elenta", "build");
            var outcome = SiteBuilder.Build(new BuildRequest(siteDir, buildDir)
            {
                Revision = new Hosting.GitRevision(),
                SecretsDirectory = Path.Combine(siteDir, BuildCommand.DefaultSecrets),
            }, r => context.Compile(siteDir, resolved: r));
            if (!outcome.Succeeded || outcome.Compilation.Resolved is not { } resolved)
            {
                if (outcome.Result is { } result)
                {
                    Rendering.TextDiagnostics.Write(context.Err, result.Diagnostics.Where(d => d.IsError).ToList(), context.Color);
                    return 1;
                }

                return CommonOptions.ReportBrokenSite(context, outcome.Compilation);
            }

            var manifest = Elenta.Core.Emit.Manifest.Read(File.ReadAllBytes(Path.Combine(buildDir, Elenta.Core.Emit.Manifest.Path)))
                ?? throw new IOException($"{buildDir}/manifest.json could not be read back");

            // Which machine (and MAC) the image is for, before anything is built.
            NetbootClient? client = null;
            if (macAddress is { } address)
            {
                client = NetbootLayout.Clients(resolved.Site).FirstOrDefault(c => c.Mac == address);
                if (client is null)
                {
                    var owner = resolved.Site.Cadaster.Hosts.FirstOrDefault(h => h.Interfaces.Any(i => i.Mac == address));
                    context.Err.WriteLine(owner is null
                        ? $"elenta: no machine of the site has the MAC {address}; the netbooted MACs are {string.Join(", ", NetbootLayout.Clients(resolved.Site).Select(c => $"{c.Mac} ({c.Host.Name})"))}"
                        : $"elenta: {address} is {owner.Name}'s, which does not netboot from it (boot.mode: {owner.Boot.Mode.ToString().ToLowerInvariant()}); give {owner.Name} boot: {{ mode: netboot }} in the cadaster, or use --out PATH");
                    return 1;
                }
            }
            else if (parse.GetValue(canon) is { } name)
            {
                var (found, problems) = Targets.Select(resolved, manifest, new TargetSelection([], name, null), parse.GetValue(noDns) ? null : new SystemResolver());
                foreach (var p in problems)
                {
                    context.Err.WriteLine($"elenta: {p.Machine}: {p.Message}");
                }

                if (problems.Count > 0 || found.Count != 1)
                {
                    return 1;
                }

                var host = resolved.Site.Cadaster.Hosts[found[0].Machine];
                client = host is null ? null : NetbootLayout.ClientsOf(resolved.Site, host).FirstOrDefault(c => c.IsImageHolder);
                if (client is null)
                {
                    context.Err.WriteLine($"elenta: {found[0].Machine} does not netboot (boot.mode: {host?.Boot.Mode.ToString().ToLowerInvariant() ?? "none: it is a guest"}), so the store has no folder for it; use --out PATH");
                    return 1;
                }
            }

            string? storeDir = null;
            if (client is not null)
            {
                if (resolved.Site.Settings.NetbootStore is not { } declared || NetbootLayout.UsableBaseUrl(declared) is null)
                {
                    context.Err.WriteLine("elenta: the site has no netbootStore with a baseUrl in elenta.yaml (elenta check --explain EL8009)");
                    return 1;
                }

                storeDir = Path.GetFullPath(parse.GetValue(store) ?? declared.Path, context.WorkingDirectory);
                if (NetbootImages.NotTheSitesStore(storeDir, resolved.Site.Settings.Name, declared) is { } notStore)
                {
                    context.Err.WriteLine($"elenta: {notStore}");
                    return 1;
                }
            }

            var configuration = parse.GetValue(config) ?? NixosDriver.ConfigOf(resolved, client!.Host.Name);
            context.Err.WriteLine($"building the netboot image of {configuration}...");
            var (image, problem) = NetbootImages.Build(siteDir, buildDir, configuration, manifest.GitRevision);
            if (image is null)
            {
                context.Err.WriteLine($"elenta: {problem}");
                return 1;
            }

            if (client is not null && NetbootImages.RefusedFor(image, client.Host) is { } tooLarge)
            {
                context.Err.WriteLine($"elenta: refused: {tooLarge}");
                return 1;
            }

            if (parse.GetValue(output) is { } outDir)
            {
                var target = Path.GetFullPath(outDir, context.WorkingDirectory);
                NetbootImages.WriteOut(image, target);
                context.Out.WriteLine($"image {image.Id} of {configuration} ({new ByteSize(image.Bytes)} kernel and initrd) written to {target}: {NetbootImage.KernelName}, {NetbootImage.InitrdName}, {NetbootImage.ScriptName}");
                return 0;
            }

            var baseUrl = NetbootLayout.UsableBaseUrl(resolved.Site.Settings.NetbootStore)!;
            var (update, refused) = NetbootImages.Install(image, storeDir!, client!, baseUrl, DateTimeOffset.UtcNow);
            if (update is null)
            {
                context.Err.WriteLine($"elenta: refused: {refused}");
                return 1;
            }

            context.Out.WriteLine($"image {image.Id} of {configuration} ({new ByteSize(image.Bytes)} kernel and initrd) for {client!.Host.Name} ({client.ImageMac}) in {update.ImageDirectory}");
            context.Out.WriteLine(update.Previous is null ? "previous image: none" : $"previous image: {update.Previous} (kept for rollback)");
            foreach (var gone in update.Removed)
            {
                context.Out.WriteLine($"removed older image {gone}");
            }

            context.Out.WriteLine($"{update.BootScript} boots it; {Path.Combine(storeDir!, NetbootLayout.IndexName)} updated");
            return 0;
        });
        return command;
    }
}

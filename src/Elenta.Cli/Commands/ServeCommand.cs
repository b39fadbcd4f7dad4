using System.CommandLine;
using Elenta.Report;

namespace Elenta.Cli.Commands;

/// <summary><c>elenta serve</c>: the report on 127.0.0.1, rebuilt when a site file changes.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var site = CommonOptions.SiteArgumentOrCurrent();
        var siteOption = CommonOptions.SiteOptional();
        var port = new Option<int>("--port", "-p") { Description = "The port on 127.0.0.1 (0: any free port; the address is printed)", DefaultValueFactory = _ => 8040, HelpName = "PORT" };
        var build = ReportCommand.BuildOption();
        var command = new Command("serve",
            """
            Serve the report (see elenta report) on 127.0.0.1 only, never on another address. When
            a file of the site changes, the report is rebuilt and open pages reload themselves.
            The site's overlays (elenta.yaml's overlays:, such as a private half kept beside it) are
            watched too. A site with errors is served too: the overview lists them. The deploy
            journal is read at each rebuild. Stop with Ctrl-C.

            Examples:
              elenta serve examples/emerald-city
              elenta serve --port 0
            """);
        command.Arguments.Add(site);
        command.Options.Add(siteOption);
        command.Options.Add(port);
        command.Options.Add(build);
        command.SetAction(async (parse, cancel) =>
        {
            var siteDir = context.SiteDirectory(CommonOptions.SiteOf(parse, site, siteOption));
            var fullSite = Path.GetFullPath(siteDir, context.WorkingDirectory);
            if (!Directory.Exists(fullSite))
            {
                context.Err.WriteLine($"elenta: no site directory {siteDir}");
                return 1;
            }

            var wanted = parse.GetValue(port);
            if (wanted is < 0 or > 65535)
            {
                context.Err.WriteLine($"elenta: --port {wanted} is not a port; give 1-65535, or 0 for any free port");
                return 1;
            }

            if (!ReportCommand.PreviousBuild(context, parse.GetValue(build), out var previous))
            {
                return 1;
            }

            using var server = new ReportServer(wanted == 0 ? ReportServer.FreePort() : wanted);
            using var watchers = new SiteWatchers(fullSite);
            void Build()
            {
                var compilation = context.Compile(siteDir);
                server.Publish(SiteReport.Pages(compilation, SiteReport.Request(compilation, fullSite, DateOnly.FromDateTime(DateTime.UtcNow), previous)));
                var errors = compilation.Diagnostics.Count(d => d.IsError);
                watchers.Watch(compilation.Loaded.Files.Select(f => f.Overlay).OfType<string>()
                    .Concat(compilation.Site?.Settings.Overlays ?? [])
                    .Select(o => Path.GetFullPath(Path.Combine(fullSite, o))));
                context.Out.WriteLine($"report {server.Version}: {(errors == 0 ? "the site checks" : $"{errors} error(s)")}");
                context.Out.Flush();
            }

            Build();
            try
            {
                server.Start();
            }
            catch (System.Net.HttpListenerException ex)
            {
                context.Err.WriteLine($"elenta: cannot listen on 127.0.0.1:{server.Port}: {ex.Message}; choose another with --port (0: any free port)");
                return 1;
            }

            var serving = server.RunAsync(cancel);

            context.Out.WriteLine($"serving http://127.0.0.1:{server.Port}/ (Ctrl-C stops)");
            context.Out.Flush();

            // Site files change in bursts (an editor's save, a git checkout): wait for a quiet moment.
            try
            {
                while (!cancel.IsCancellationRequested && !serving.IsCompleted)
                {
                    await Task.Delay(300, cancel).ConfigureAwait(false);
                    if (watchers.TakeChanged())
                    {
                        await Task.Delay(200, cancel).ConfigureAwait(false);
                        watchers.TakeChanged();
                        try
                        {
                            Build();
                        }
                        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                        {
                            // A directory gone mid-read (a checkout, an rm -rf): the last pages stay; the next change builds again.
                            context.Err.WriteLine($"elenta: the report was not rebuilt: {e.Message}; the last one is still served");
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }

            await serving.ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Watches the site's directory and its overlays' (the set changes when elenta.yaml's
    /// <c>overlays</c> do) for changes to files that are not hidden.
    /// </summary>
    internal sealed class SiteWatchers : IDisposable
    {
        private readonly Dictionary<string, FileSystemWatcher> watchers = new(StringComparer.Ordinal);
        private readonly string site;
        private int changed;

        public SiteWatchers(string site)
        {
            this.site = site;
            Add(site);
        }

        /// <summary>True once after any change since the last call.</summary>
        public bool TakeChanged() => Interlocked.Exchange(ref changed, 0) == 1;

        /// <summary>Watches exactly the site and these overlay directories (those that exist and lie outside the site).</summary>
        public void Watch(IEnumerable<string> overlays)
        {
            var wanted = overlays.Where(Directory.Exists).Where(o => !Elenta.Core.Loading.SiteLoader.IsWithin(o, site))
                .Append(site).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in watchers.Keys.Where(k => !wanted.Contains(k)).ToList())
            {
                watchers[gone].Dispose();
                watchers.Remove(gone);
            }

            foreach (var directory in wanted.Where(w => !watchers.ContainsKey(w)))
            {
                Add(directory);
            }
        }

        private void Add(string directory)
        {
            var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = true };
            watcher.Changed += OnChange;
            watcher.Created += OnChange;
            watcher.Deleted += OnChange;
            watcher.Renamed += (s, e) => OnChange(s, e);
            watcher.EnableRaisingEvents = true;
            watchers[directory] = watcher;
        }

        private void OnChange(object? sender, FileSystemEventArgs e)
        {
            if (sender is FileSystemWatcher watcher && Matters(watcher.Path, e.FullPath))
            {
                Interlocked.Exchange(ref changed, 1);
            }
        }

        /// <summary>
        /// Whether a change under a watched directory is the site's: not in a hidden file or directory
        /// below it (.git, .elenta, an editor's swap file). Where the watched directory itself lives
        /// does not count: a site under ~/.config is watched like any other.
        /// </summary>
        internal static bool Matters(string root, string fullPath) =>
            !Path.GetRelativePath(root, fullPath).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.'));

        public void Dispose()
        {
            foreach (var w in watchers.Values)
            {
                w.Dispose();
            }
        }
    }
}

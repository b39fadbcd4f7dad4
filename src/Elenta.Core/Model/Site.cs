using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;

namespace Elenta.Core.Model;

/// <summary>The typed site: everything the files say, bound and cross-referenced.</summary>
public sealed record Site(
    SiteSettings Settings,
    Cadaster Cadaster,
    NamedMap<Network> Networks,
    NamedMap<Domain> Domains,
    NamedMap<Role> Roles,
    NamedMap<Constellation> Constellations,
    MergedMapping Tree);

public sealed record SiteSettings(
    string Name,
    IReadOnlyList<string> Overlays,
    string CanonDomain,
    NetbootStore? NetbootStore,
    IReadOnlyDictionary<string, Severity> RuleSeverities);

public sealed record NetbootStore(string Path, string? BaseUrl);

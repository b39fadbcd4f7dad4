using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Dashboard;

/// <summary>
/// The dashboard assembled from every placed role's <c>dashboard</c> entries. An entry is shown in
/// its <c>section</c>, else in a section named after its constellation. Its link is its
/// <c>url</c>; else the role's proxy entry named like the entry's title (Sonarr → sonarr.domain),
/// else the role's first proxy entry; else the machine's canon name and the role's first TCP
/// service port. The page title and description are the options <c>title</c> and
/// <c>description</c> of the first instance of a role named <c>dashboard</c>, else the site name.
/// </summary>
public sealed record DashboardLayout(string Title, string? Description, IReadOnlyList<DashboardItem> Items)
{
    public const string DashboardRole = "dashboard";

    public static DashboardLayout Create(Site site)
    {
        var items = new List<DashboardItem>();
        string? title = null;
        string? description = null;
        foreach (var constellation in site.Constellations)
        {
            foreach (var instance in constellation.Instances)
            {
                if (site.Roles[instance.Role] is not { } role)
                {
                    continue;
                }

                if (role.Name == DashboardRole && title is null)
                {
                    title = OptionText(instance, role, "title");
                    description = OptionText(instance, role, "description");
                }

                foreach (var entry in role.Dashboard)
                {
                    if (DashboardLinks.UrlOf(site, constellation, instance, role, entry) is not { } url)
                    {
                        continue; // EL6010
                    }

                    items.Add(new DashboardItem(entry.Section ?? constellation.Name, entry.Title, url, entry.Icon, entry.Description));
                }
            }
        }

        var sorted = items
            .OrderBy(i => i.Section, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.Section, StringComparer.Ordinal)
            .ThenBy(i => i.Title, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.Title, StringComparer.Ordinal)
            .ThenBy(i => i.Url, StringComparer.Ordinal)
            .ToList();
        return new DashboardLayout(title ?? site.Settings.Name, description, sorted);
    }

    private static string? OptionText(Instance instance, Role role, string option) =>
        instance.ExtraOpts.TryGetValue(option, out var value) && value is string given ? given
        : role.Options[option]?.Default as string;
}

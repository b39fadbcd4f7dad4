using System.Globalization;

namespace Elenta.Deploy;

/// <summary>
/// The too-much-change guard: a deployment that would change more than <see cref="MaxShare"/> of
/// the targeted machines that already run a generation stops before touching any, unless forced
/// (octoDNS's rule for the records of a zone). Machines that run nothing yet do not count: a first
/// deployment changes them all by design. Like octoDNS, the default share only guards a deployment
/// over at least <see cref="Minimum"/> such machines (on fewer, every change is a large share);
/// a share the operator sets guards any number.
/// </summary>
public sealed record ChangeGuard(double MaxShare, bool Explicit)
{
    public const int Minimum = 10;

    public static ChangeGuard Default { get; } = new(0.30, false);

    /// <summary>"30", "30%" or "0.3"; null when it is none of those.</summary>
    public static ChangeGuard? Parse(string text)
    {
        var t = text.Trim().TrimEnd('%');
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || value > 100)
        {
            return null;
        }

        return new ChangeGuard(text.Contains('%', StringComparison.Ordinal) || value > 1 ? value / 100 : value, true);
    }

    /// <summary>Null when the change may go; else why it stops, naming the machines it would change.</summary>
    public string? Check(IReadOnlyList<PlanEntry> entries)
    {
        var running = entries.Where(e => e.State?.Current is not null).ToList();
        var changing = running.Where(e => e.HasChanges).Select(e => e.Target.Machine).ToList();
        if (running.Count == 0 || (!Explicit && running.Count < Minimum))
        {
            return null;
        }

        var share = (double)changing.Count / running.Count;
        if (share <= MaxShare)
        {
            return null;
        }

        var names = string.Join(", ", changing.Take(10)) + (changing.Count > 10 ? $" and {changing.Count - 10} more" : string.Empty);
        return string.Create(CultureInfo.InvariantCulture,
            $"this would change {changing.Count} of the {running.Count} targeted machines that run a generation ({share * 100:0.#}%), more than the {MaxShare * 100:0.#}% allowed: {names}. Look at `elenta plan` first; then --force goes ahead, or --max-change PERCENT sets the share");
    }
}

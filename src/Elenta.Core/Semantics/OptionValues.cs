using System.Globalization;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Semantics;

/// <summary>Checks an extraOpts value (or an option default) against the option's declared type.</summary>
public static class OptionValues
{
    /// <summary>Returns the typed value: string, long, bool, ByteSize, a list of strings, or the node itself for "any".</summary>
    public static object? Convert(MergedNode node, RoleOption option, string role, DiagnosticBag diagnostics)
    {
        if (option.Type == OptionType.Any)
        {
            return node;
        }

        if (option.Type == OptionType.List)
        {
            if (node is MergedSequence seq && seq.Items.All(i => i is MergedScalar))
            {
                return seq.Items.Cast<MergedScalar>().Select(s => s.Text).ToList();
            }

            return Fail("a list of values");
        }

        if (node is not MergedScalar scalar || scalar.IsNull)
        {
            return Fail(Expected());
        }

        var text = scalar.Text;
        switch (option.Type)
        {
            case OptionType.String:
                return text;
            case OptionType.Int:
                return !scalar.IsQuoted && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : Fail(Expected());
            case OptionType.Bool:
                return !scalar.IsQuoted && text is "true" or "false" ? text == "true" : Fail(Expected());
            case OptionType.Size:
                return ByteSize.TryParse(text, out var size) ? size : Fail(Expected());
            case OptionType.Enum:
                if (option.Values.Contains(text, StringComparer.Ordinal))
                {
                    return text;
                }

                var suggestion = Suggest.Closest(text, option.Values);
                diagnostics.Add(Messages.OptionTypeMismatchError(node.Location, option.Name, role, Expected(),
                    suggestion is null ? $"'{text}'" : $"'{text}' (did you mean '{suggestion}'?)"));
                return null;
            default:
                return text;
        }

        string Expected() => option.Type switch
        {
            OptionType.Int => "a whole number",
            OptionType.Bool => "true or false",
            OptionType.Size => "a size such as 8GiB",
            OptionType.Enum => "one of " + string.Join(", ", option.Values),
            OptionType.List => "a list of values",
            _ => "a value",
        };

        object? Fail(string expected)
        {
            diagnostics.Add(Messages.OptionTypeMismatchError(node.Location, option.Name, role, expected, Schema.SchemaChecker.Describe(node)));
            return null;
        }
    }
}

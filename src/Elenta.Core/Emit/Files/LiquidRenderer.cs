using System.Globalization;
using System.Text.Json.Nodes;
using Fluid;

namespace Elenta.Core.Emit.Files;

/// <summary>The outcome of rendering one template: the text, or Fluid's message.</summary>
public sealed record RenderResult(string? Text, string? Error);

/// <summary>
/// Renders Liquid templates with Fluid. Output is not HTML-encoded (these are config files); the
/// culture is invariant, the time zone UTC and "now" the build date, so the same site gives the same
/// bytes; a step limit stops a runaway loop.
/// </summary>
public static class LiquidRenderer
{
    private static readonly FluidParser Parser = new();

    public static RenderResult Render(string template, IReadOnlyDictionary<string, JsonNode?> model, DateOnly today)
    {
        if (!Parser.TryParse(template, out var parsed, out var error))
        {
            return new RenderResult(null, FirstLine(error));
        }

        var options = new TemplateOptions
        {
            CultureInfo = CultureInfo.InvariantCulture,
            TimeZone = TimeZoneInfo.Utc,
            Now = () => new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            MaxSteps = 1_000_000,
        };
        var context = new TemplateContext(options);
        foreach (var (name, value) in model)
        {
            context.SetValue(name, TemplateModel.From(value));
        }

        try
        {
            return new RenderResult(parsed.Render(context, NullEncoder.Default), null);
        }
        catch (Exception e) when (e is InvalidOperationException or ParseException or FormatException or ArgumentException)
        {
            // Fluid reports render-time failures (bad filter arguments, the step limit) by throwing.
            return new RenderResult(null, FirstLine(e.Message));
        }
    }

    /// <summary>Fluid follows its message with a "Source:" excerpt; the diagnostic points at the template instead.</summary>
    private static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd();
}

using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// Validated settings (capability: start-up checks). Each section is bound to an options class and
/// checked when the host starts (ValidateOnStart), before any hosted service reaches the database.
/// A bad value ends start-up with one sentence naming the setting as an operator writes it, in
/// appsettings and as an environment variable: "Survey:KioskCooldownSeconds (Survey__KioskCooldownSeconds)
/// must be 0 or more (it is -5)." Text where a number belongs is such a sentence too, never the
/// configuration binder's exception and stack trace.
/// </summary>
public static class Settings
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/>, checked by <paramref name="rules"/> at start-up.</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section, Action<T, SettingChecks>? rules = null)
        where T : class =>
        services.AddSettings<T>(section, rules is null ? null : _ => rules);

    /// <summary>The same, for rules that need a service (the environment's name, say).</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section, Func<IServiceProvider, Action<T, SettingChecks>>? rules)
        where T : class
    {
        var builder = services.AddOptions<T>().Configure<IConfiguration>((o, configuration) => Bind(configuration, section, o));
        if (rules is not null)
        {
            services.AddSingleton<IValidateOptions<T>>(sp => new RuleValidator<T>(section, rules(sp)));
        }
        return builder.ValidateOnStart();
    }

    /// <summary>
    /// For the few settings needed before the host is built (which services to register, where the
    /// database is): bound and checked at once. A bad value throws the same OptionsValidationException
    /// as the start-up check would, which Program reports as one sentence per setting (<see cref="SettingFailures"/>).
    /// </summary>
    public static T ReadNow<T>(IConfiguration configuration, string section, Action<T, SettingChecks>? rules = null)
        where T : class, new()
    {
        var value = new T();
        Bind(configuration, section, value);
        if (rules is not null)
        {
            var checks = new SettingChecks(section);
            rules(value, checks);
            if (checks.Failures.Count > 0)
            {
                throw new OptionsValidationException(Options.DefaultName, typeof(T), checks.Failures);
            }
        }
        return value;
    }

    /// <summary>A setting as an operator writes it: the appsettings path and the environment variable.</summary>
    public static string Name(string path) => $"{path} ({path.Replace(":", "__", StringComparison.Ordinal)})";

    /// <summary>An operator's value quoted in a message, cut short so a pasted file does not flood the console.</summary>
    public static string Quote(string value) => "\"" + (value.Length > 60 ? value[..60] + "…" : value) + "\"";

    /// <summary>
    /// Every number and switch of the section is checked first, so the sentence names the setting and
    /// its value; the binder's own failure (a form the check let through) is turned into one sentence too.
    /// </summary>
    internal static void Bind<T>(IConfiguration configuration, string section, T target)
        where T : class
    {
        var config = configuration.GetSection(section);
        var failures = new List<string>();
        CheckConvertible(config, typeof(T), failures);
        if (failures.Count == 0)
        {
            try
            {
                config.Bind(target);
                return;
            }
            catch (InvalidOperationException e)
            {
                var path = System.Text.RegularExpressions.Regex.Match(e.Message, "at '([^']+)'") is { Success: true } m ? m.Groups[1].Value : section;
                failures.Add($"{Name(path)} has a value that cannot be read (it is {Quote(configuration[path] ?? "")}).");
            }
        }
        throw new OptionsValidationException(Options.DefaultName, typeof(T), failures);
    }

    private static void CheckConvertible(IConfigurationSection config, Type type, List<string> failures)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite || property.GetIndexParameters().Length > 0)
            {
                continue;
            }
            var child = config.GetSection(property.Name);
            var kind = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var value = child.Value;
            // An empty value (`Survey__KioskIdleSeconds=` in a unit file) is refused too: the binder cannot read it either.
            var set = value is not null;
            if (kind == typeof(int) || kind == typeof(long))
            {
                if (set && !(long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                    && (kind == typeof(long) || n is >= int.MinValue and <= int.MaxValue)))
                {
                    failures.Add($"{Name(child.Path)} must be a whole number (it is {Quote(value!)}).");
                }
            }
            else if (kind == typeof(double))
            {
                if (set && !(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)))
                {
                    failures.Add($"{Name(child.Path)} must be a number, with a point for decimals (it is {Quote(value!)}).");
                }
            }
            else if (kind == typeof(bool))
            {
                if (set && !bool.TryParse(value, out _))
                {
                    failures.Add($"{Name(child.Path)} must be true or false (it is {Quote(value!)}).");
                }
            }
            else if (kind.IsEnum)
            {
                // Names only: the binder would also take "7" and store a mode that does not exist.
                if (set && !(Enum.TryParse(kind, value, ignoreCase: true, out var mode) && Enum.IsDefined(kind, mode!) && !long.TryParse(value, out _)))
                {
                    var names = Enum.GetNames(kind);
                    failures.Add($"{Name(child.Path)} must be {string.Join(", ", names[..^1])} or {names[^1]} (it is {Quote(value!)}).");
                }
            }
            else if (kind.IsClass && kind != typeof(string) && !kind.IsArray)
            {
                CheckConvertible(child, kind, failures);
            }
        }
    }

    private sealed class RuleValidator<T>(string section, Action<T, SettingChecks> rules) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var checks = new SettingChecks(section);
            rules(options, checks);
            // One failure per setting: Program prints each as its own line.
            return checks.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(checks.Failures);
        }
    }
}

/// <summary>The rules of one section; each broken rule is one sentence naming the setting and its value.</summary>
public sealed class SettingChecks(string section)
{
    internal List<string> Failures { get; } = [];

    public string Section => section;

    /// <summary>The setting <paramref name="key"/> of this section (Burst:WindowSeconds) as an operator writes it.</summary>
    public string Name(string key) => Settings.Name(section + ":" + key);

    public void AtLeast(string key, double value, double least)
    {
        if (!(value >= least))
        {
            Fail(key, $"must be {Number(least)} or more (it is {Number(value)})");
        }
    }

    public void MoreThan(string key, double value, double bound)
    {
        if (!(value > bound))
        {
            Fail(key, $"must be more than {Number(bound)} (it is {Number(value)})");
        }
    }

    public void Between(string key, double value, double least, double most)
    {
        if (!(value >= least && value <= most))
        {
            Fail(key, $"must be between {Number(least)} and {Number(most)} (it is {Number(value)})");
        }
    }

    /// <summary>Records "<c>{setting} {mustBe}.</c>"; <paramref name="mustBe"/> carries the value when it helps.</summary>
    public void Fail(string key, string mustBe) => Failures.Add($"{Name(key)} {mustBe}.");

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}

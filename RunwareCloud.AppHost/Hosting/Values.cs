using System.Text;
using System.Text.RegularExpressions;

namespace RunwareCloud.AppHost.Hosting;

/// <summary>
/// A value known in run mode (<see cref="GetValue"/>) that the manifest writes as an expression instead
/// (<c>{postgres.connectionString}</c>, <c>{gateway.bindings.http.url}</c>, <c>{jwt-signing-key.value}</c>).
/// </summary>
public interface IValueProvider
{
    string GetValue();

    string ManifestExpression { get; }

    bool IsSecret { get; }
}

/// <summary>A literal value.</summary>
public sealed record LiteralValue(string Value) : IValueProvider
{
    public string GetValue() => Value;

    public string ManifestExpression => Value;

    public bool IsSecret => false;
}

/// <summary>An interpolated string of literals and values, like Aspire's <c>ReferenceExpression</c>.</summary>
public sealed class ReferenceExpression : IValueProvider
{
    private readonly IReadOnlyList<object> _parts;

    private ReferenceExpression(IReadOnlyList<object> parts) => _parts = parts;

    public static ReferenceExpression Create(FormattableString format)
    {
        var parts = new List<object>();
        var arguments = format.GetArguments();
        var literal = new StringBuilder();
        var text = format.Format;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{')
            {
                literal.Append('{');
                i++;
            }
            else if (c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                literal.Append('}');
                i++;
            }
            else if (c == '{')
            {
                var end = text.IndexOf('}', i);
                var index = int.Parse(text[(i + 1)..end].Split(',', ':')[0], System.Globalization.CultureInfo.InvariantCulture);
                if (literal.Length > 0)
                {
                    parts.Add(literal.ToString());
                    literal.Clear();
                }

                parts.Add(arguments[index] switch
                {
                    IValueProvider provider => provider,
                    IResourceBuilder<IValueProvider> builder => builder.Resource,
                    var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                });
                i = end;
            }
            else
            {
                literal.Append(c);
            }
        }

        if (literal.Length > 0)
        {
            parts.Add(literal.ToString());
        }

        return new ReferenceExpression(parts);
    }

    public IEnumerable<IValueProvider> References => _parts.OfType<IValueProvider>();

    public string GetValue() => string.Concat(_parts.Select(part => part is IValueProvider provider ? provider.GetValue() : (string)part));

    public string ManifestExpression =>
        string.Concat(_parts.Select(part => part is IValueProvider provider ? provider.ManifestExpression : (string)part));

    public bool IsSecret => References.Any(reference => reference.IsSecret);
}

/// <summary>Hides passwords and keys in values shown to people (console, dashboard).</summary>
public static partial class SecretMasker
{
    public const string Mask = "****";

    public static string MaskConnectionString(string value)
    {
        var masked = KeyValueSecret().Replace(value, match => $"{match.Groups[1].Value}={Mask}");
        return UriPassword().Replace(masked, match => $"{match.Groups[1].Value}{Mask}@");
    }

    public static string Display(IValueProvider provider)
    {
        var value = provider.GetValue();
        return provider switch
        {
            IResourceWithConnectionString or ReferenceExpression => MaskConnectionString(value),
            _ when provider.IsSecret => Mask,
            _ => value,
        };
    }

    [GeneratedRegex("(password|pwd|apikey|clientsecret|secret)=[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex KeyValueSecret();

    [GeneratedRegex("(://[^:/@]+:)[^@]*@")]
    private static partial Regex UriPassword();
}

using System.Globalization;

namespace IncidentSdk.Tests.Hostile;

/// <summary>Collects failing cases by kind, so one frequent failure does not hide the others: a count and the first examples of each.</summary>
internal sealed class FailureLog
{
    private readonly SortedDictionary<string, (int Count, List<string> Examples)> _kinds = new(System.StringComparer.Ordinal);

    public int Count => _kinds.Values.Sum(k => k.Count);

    public void Add(string kind, string example)
    {
        if (!_kinds.TryGetValue(kind, out var entry))
        {
            entry = (0, []);
        }

        if (entry.Examples.Count < 2)
        {
            entry.Examples.Add(example);
        }

        _kinds[kind] = (entry.Count + 1, entry.Examples);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (kind, (count, examples)) in _kinds)
        {
            text.Append(CultureInfo.InvariantCulture, $"{count} case(s): {kind}\n");
            foreach (var example in examples)
            {
                text.Append("  e.g. ").Append(example).Append("\n\n");
            }
        }

        return text.ToString();
    }
}

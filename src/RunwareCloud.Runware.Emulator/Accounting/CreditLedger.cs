using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Runware.Emulator.Accounting;

/// <summary>What each API key has spent against the budget in force.</summary>
public sealed class CreditLedger(IOptions<EmulatorOptions> options)
{
    private readonly ConcurrentDictionary<string, decimal> _spent = new();
    private decimal? _budget = options.Value.CreditBudget;
    private readonly Lock _lock = new();

    public decimal? Budget
    {
        get { lock (_lock) { return _budget; } }
        set { lock (_lock) { _budget = value; } }
    }

    public decimal Spent(string apiKey) => _spent.GetValueOrDefault(apiKey);

    public decimal? Remaining(string apiKey) => Budget is { } budget ? budget - Spent(apiKey) : null;

    public bool TryCharge(string apiKey, decimal amount)
    {
        lock (_lock)
        {
            var spent = _spent.GetValueOrDefault(apiKey);
            if (_budget is { } budget && spent + amount > budget)
            {
                return false;
            }

            _spent[apiKey] = spent + amount;
            return true;
        }
    }

    public void Refund(string apiKey, decimal amount)
    {
        lock (_lock)
        {
            _spent[apiKey] = _spent.GetValueOrDefault(apiKey) - amount;
        }
    }

    public void Reset() => _spent.Clear();
}

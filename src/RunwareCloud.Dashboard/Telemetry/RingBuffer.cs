namespace RunwareCloud.Dashboard.Telemetry;

/// <summary>A fixed-capacity buffer: when full, adding drops the oldest item and counts it.</summary>
public sealed class RingBuffer<T>
{
    private readonly T[] _items;
    private readonly Lock _gate = new();
    private int _start;
    private int _count;
    private long _dropped;

    public RingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new T[capacity];
    }

    public int Capacity => _items.Length;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Add(T item)
    {
        lock (_gate)
        {
            AddLocked(item);
        }
    }

    public void AddRange(IEnumerable<T> items)
    {
        lock (_gate)
        {
            foreach (var item in items)
            {
                AddLocked(item);
            }
        }
    }

    /// <summary>The items, oldest first.</summary>
    public T[] Snapshot()
    {
        lock (_gate)
        {
            var copy = new T[_count];
            var firstPart = Math.Min(_count, _items.Length - _start);
            Array.Copy(_items, _start, copy, 0, firstPart);
            Array.Copy(_items, 0, copy, firstPart, _count - firstPart);
            return copy;
        }
    }

    private void AddLocked(T item)
    {
        if (_count < _items.Length)
        {
            _items[(_start + _count) % _items.Length] = item;
            _count++;
            return;
        }

        _items[_start] = item;
        _start = (_start + 1) % _items.Length;
        Interlocked.Increment(ref _dropped);
    }
}

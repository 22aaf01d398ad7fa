using System.Collections.Concurrent;
using System.Text.Json;
using RunwareCloud.Contracts;

namespace RunwareCloud.Messaging;

/// <summary>Turns staged messages into rows and back; types are found by full name among the loaded assemblies.</summary>
internal static class OutboxSerializer
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private static readonly ConcurrentDictionary<string, Type> s_types = new();

    static OutboxSerializer() => Remember(typeof(JobOutput).Assembly);

    public static string Serialize<T>(T message) where T : class
    {
        var type = message.GetType();
        s_types.TryAdd(type.FullName!, type);
        return JsonSerializer.Serialize(message, type, s_json);
    }

    public static (object Message, Type Type) Deserialize(string messageType, string body)
    {
        var type = Resolve(messageType);
        var message = JsonSerializer.Deserialize(body, type, s_json)
            ?? throw new JsonException($"Outbox body of {messageType} is null.");
        return (message, type);
    }

    private static Type Resolve(string messageType)
    {
        if (s_types.TryGetValue(messageType, out var type))
        {
            return type;
        }

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.GetType(messageType) is { } found)
            {
                return s_types.GetOrAdd(messageType, found);
            }
        }

        throw new InvalidOperationException($"Outbox message type {messageType} is not in any loaded assembly.");
    }

    private static void Remember(System.Reflection.Assembly assembly)
    {
        foreach (var type in assembly.GetExportedTypes())
        {
            s_types.TryAdd(type.FullName!, type);
        }
    }
}

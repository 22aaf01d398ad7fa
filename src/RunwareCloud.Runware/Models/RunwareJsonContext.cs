using System.Text.Json.Serialization;

namespace RunwareCloud.Runware;

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = false, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(GeneratedImage))]
[JsonSerializable(typeof(RunwareImage))]
[JsonSerializable(typeof(CaptionResult))]
[JsonSerializable(typeof(EnhancedPrompt))]
[JsonSerializable(typeof(ModelSearchResult))]
[JsonSerializable(typeof(GeneratedVideo))]
internal sealed partial class RunwareJsonContext : JsonSerializerContext;

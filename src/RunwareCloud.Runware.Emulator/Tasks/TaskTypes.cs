namespace RunwareCloud.Runware.Emulator.Tasks;

/// <summary>Task names on the wire; the legacy image names are accepted and echoed back as sent.</summary>
public static class TaskTypes
{
    public const string Authentication = "authentication";
    public const string Ping = "ping";
    public const string ImageInference = "imageInference";
    public const string ImageUpload = "imageUpload";
    public const string RemoveBackground = "removeBackground";
    public const string Upscale = "upscale";
    public const string Caption = "caption";
    public const string PromptEnhance = "promptEnhance";
    public const string ModelSearch = "modelSearch";
    public const string VideoInference = "videoInference";
    public const string GetResponse = "getResponse";

    public static string Canonical(string taskType) => taskType switch
    {
        "imageBackgroundRemoval" => RemoveBackground,
        "imageUpscale" => Upscale,
        "imageCaption" => Caption,
        _ => taskType,
    };
}

using System.Net.Mail;

namespace RunwareCloud.Orders.Api.Apis;

public static class OrderValidation
{
    public const int MaxEventIdLength = 100;

    public static Dictionary<string, string[]> Validate(OrderRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.EventId) || request.EventId.Length > MaxEventIdLength)
        {
            errors["eventId"] = [$"An event id of at most {MaxEventIdLength} characters is required."];
        }

        if (string.IsNullOrWhiteSpace(request.CustomerName) || request.CustomerName.Length > 200)
        {
            errors["customerName"] = ["A customer name of at most 200 characters is required."];
        }

        if (request.CustomerEmail is { Length: > 0 } email && (email.Length > 320 || !MailAddress.TryCreate(email, out _)))
        {
            errors["customerEmail"] = ["The customer email is not a valid address."];
        }

        if (request.Options?.UpscaleFactor is { } factor && factor is not (2 or 4))
        {
            errors["options.upscaleFactor"] = ["The upscale factor must be 2, 4 or null."];
        }

        return errors;
    }

    public static Dictionary<string, string[]> Validate(EventRequest request, bool requireId)
    {
        var errors = new Dictionary<string, string[]>();
        if (requireId && (string.IsNullOrWhiteSpace(request.EventId) || request.EventId.Length > MaxEventIdLength))
        {
            errors["eventId"] = [$"An event id of at most {MaxEventIdLength} characters is required."];
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors["name"] = ["A name of at most 200 characters is required."];
        }

        return errors;
    }
}

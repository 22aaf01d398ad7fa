using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RunwareCloud.Gateway.Data;

namespace RunwareCloud.Gateway.Apis;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.Admin);

        api.MapGet("/", ListUsersAsync).WithName("ListUsers").WithSummary("List every user (admins only)");
        api.MapGet("/{userId:guid}", GetUserAsync).WithName("GetUser");
        api.MapPost("/", CreateUserAsync).WithName("CreateUser").WithSummary("Create a user with a user name, password and role");
        api.MapPatch("/{userId:guid}", UpdateUserAsync).WithName("UpdateUser").WithSummary("Change a user's role, password or disabled state");
        api.MapDelete("/{userId:guid}", DisableUserAsync).WithName("DisableUser").WithSummary("Disable a user: their logins, tokens and keys stop working");

        return api;
    }

    public static async Task<Ok<List<UserResponse>>> ListUsersAsync([AsParameters] GatewayServices services, CancellationToken cancellationToken)
    {
        var users = await services.Db.Users.AsNoTracking().OrderBy(u => u.NormalizedUserName).ToListAsync(cancellationToken);
        return TypedResults.Ok(users.Select(ToResponse).ToList());
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetUserAsync(
        Guid userId, [AsParameters] GatewayServices services, CancellationToken cancellationToken) =>
        await services.Db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken) is { } user
            ? TypedResults.Ok(ToResponse(user))
            : NoSuchUser();

    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> CreateUserAsync(
        CreateUserRequest request, [AsParameters] GatewayServices services, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        Validation.UserName(errors, request.UserName);
        Validation.Password(errors, request.Password);
        Validation.Role(errors, request.Role);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var user = new User
        {
            UserName = request.UserName!.Trim(),
            NormalizedUserName = User.Normalize(request.UserName!),
            Role = request.Role!,
            CreatedAt = services.Clock.GetUtcNow(),
        };
        user.PasswordHash = await services.Passwords.HashAsync(user, request.Password!);
        services.Db.Users.Add(user);

        try
        {
            await services.Db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: "A user with this user name already exists.");
        }

        return TypedResults.Created($"/api/users/{user.Id}", ToResponse(user));
    }

    public static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> UpdateUserAsync(
        Guid userId, UpdateUserRequest request, ClaimsPrincipal caller, [AsParameters] GatewayServices services,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Role is not null)
        {
            Validation.Role(errors, request.Role);
        }

        if (request.Password is not null)
        {
            Validation.Password(errors, request.Password);
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var user = await services.Db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return NoSuchUser();
        }

        var demotesSelf = request.Role is not null && request.Role != Roles.Admin;
        if (user.Id == caller.GetUserId() && (demotesSelf || request.Disabled == true))
        {
            return CannotChangeSelf();
        }

        if (request.Role is not null)
        {
            user.Role = request.Role;
        }

        if (request.Password is not null)
        {
            user.PasswordHash = await services.Passwords.HashAsync(user, request.Password);
        }

        if (request.Disabled is { } disabled && disabled != user.IsDisabled)
        {
            user.IsDisabled = disabled;
            user.DisabledAt = disabled ? services.Clock.GetUtcNow() : null;
        }

        await services.Db.SaveChangesAsync(cancellationToken);
        services.Directory.ForgetUser(user.Id);
        return TypedResults.Ok(ToResponse(user));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DisableUserAsync(
        Guid userId, ClaimsPrincipal caller, [AsParameters] GatewayServices services, CancellationToken cancellationToken)
    {
        var user = await services.Db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return NoSuchUser();
        }

        if (user.Id == caller.GetUserId())
        {
            return CannotChangeSelf();
        }

        if (!user.IsDisabled)
        {
            user.IsDisabled = true;
            user.DisabledAt = services.Clock.GetUtcNow();
            await services.Db.SaveChangesAsync(cancellationToken);
        }

        services.Directory.ForgetUser(user.Id);
        return TypedResults.NoContent();
    }

    private static UserResponse ToResponse(User user) => new()
    {
        Id = user.Id,
        UserName = user.UserName,
        Role = user.Role,
        Disabled = user.IsDisabled,
        CreatedAt = user.CreatedAt,
        DisabledAt = user.DisabledAt,
    };

    private static ProblemHttpResult NoSuchUser() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "No such user.");

    private static ProblemHttpResult CannotChangeSelf() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: "Administrators cannot disable or demote themselves.");
}

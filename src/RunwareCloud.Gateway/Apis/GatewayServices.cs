using Microsoft.Extensions.Options;
using RunwareCloud.Gateway.Data;
using RunwareCloud.Gateway.Identity;

namespace RunwareCloud.Gateway.Apis;

public sealed class GatewayServices(
    GatewayDbContext db,
    PasswordCheck passwords,
    UserDirectory directory,
    IOptions<Microsoft.Extensions.Hosting.IdentityOptions> identity,
    TimeProvider clock)
{
    public GatewayDbContext Db { get; } = db;
    public PasswordCheck Passwords { get; } = passwords;
    public UserDirectory Directory { get; } = directory;
    public IOptions<Microsoft.Extensions.Hosting.IdentityOptions> Identity { get; } = identity;
    public TimeProvider Clock { get; } = clock;
}

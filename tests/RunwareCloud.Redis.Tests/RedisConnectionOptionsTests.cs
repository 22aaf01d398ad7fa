using RunwareCloud.Redis;

namespace RunwareCloud.Redis.Tests;

public sealed class RedisConnectionOptionsTests
{
    [Fact]
    public void Parse_reads_every_option_when_all_are_given()
    {
        var options = RedisConnectionOptions.Parse("cache.local:6380,password=p@ss,user=app,database=3,connectTimeout=1500,syncTimeout=250,ssl=false");

        Assert.Equal("cache.local", options.Host);
        Assert.Equal(6380, options.Port);
        Assert.Equal("p@ss", options.Password);
        Assert.Equal("app", options.User);
        Assert.Equal(3, options.Database);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.SyncTimeout);
    }

    [Fact]
    public void Parse_uses_defaults_when_only_a_host_is_given()
    {
        var options = RedisConnectionOptions.Parse("localhost");

        Assert.Equal(6379, options.Port);
        Assert.Null(options.Password);
        Assert.Equal(0, options.Database);
    }

    [Fact]
    public void ToString_never_contains_the_password()
    {
        var options = RedisConnectionOptions.Parse("localhost:1,password=secret-value");

        Assert.DoesNotContain("secret-value", options.ToString());
    }
}

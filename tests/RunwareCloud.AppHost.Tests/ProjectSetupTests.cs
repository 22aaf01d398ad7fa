namespace RunwareCloud.AppHost.Tests;

public sealed class ProjectSetupTests
{
    [Fact]
    public void Test_project_references_its_subject()
    {
        Assert.NotEmpty(typeof(ProjectSetupTests).Assembly.GetReferencedAssemblies());
    }
}

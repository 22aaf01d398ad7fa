namespace RunwareCloud.DesignTime;

/// <summary>dotnet ef needs an executable startup project; nothing runs it otherwise.</summary>
public static class DesignTimeEntryPoint
{
    public static int Main()
    {
        Console.Error.WriteLine("RunwareCloud.DesignTime is the startup project of dotnet ef: use scripts/add-migration.sh.");
        return 1;
    }
}

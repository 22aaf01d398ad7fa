Console.WriteLine("RunwareCloud AppHost");

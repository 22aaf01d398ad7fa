using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("RunwareCloud.Redis.Tests")]

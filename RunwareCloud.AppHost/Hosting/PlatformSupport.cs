// The host starts Debian server packages as child processes (setsid, runuser, /proc): it runs on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

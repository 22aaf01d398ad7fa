using System.Net;
using System.Net.Sockets;

namespace RunwareCloud.AppHost.Hosting.Networking;

/// <summary>Hands out free loopback TCP ports, never the same one twice in this process.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> s_handedOut = [];

    public static int Next()
    {
        lock (s_handedOut)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (s_handedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary>The preferred port when nothing listens on it (and it was not handed out), otherwise a free one.</summary>
    public static int PreferOrNext(int preferred)
    {
        lock (s_handedOut)
        {
            if (!s_handedOut.Contains(preferred) && IsFree(preferred))
            {
                s_handedOut.Add(preferred);
                return preferred;
            }
        }

        return Next();
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

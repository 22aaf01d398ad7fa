global using Microsoft.Extensions.Hosting;

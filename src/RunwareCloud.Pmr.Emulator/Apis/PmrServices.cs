using Microsoft.Extensions.Options;

namespace RunwareCloud.Pmr.Emulator.Apis;

public sealed class PmrServices(PmrStore store, IOptions<PmrEmulatorOptions> options, TimeProvider clock)
{
    public PmrStore Store => store;
    public PmrEmulatorOptions Options => options.Value;
    public TimeProvider Clock => clock;
}

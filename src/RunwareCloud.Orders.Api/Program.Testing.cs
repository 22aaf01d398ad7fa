// The functional tests host this service with WebApplicationFactory<Program>.
public partial class Program;

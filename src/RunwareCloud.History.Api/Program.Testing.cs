// WebApplicationFactory<Program> in the functional tests needs a public entry type; top-level statements make it internal.
public partial class Program;

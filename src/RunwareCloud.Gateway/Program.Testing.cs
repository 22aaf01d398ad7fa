// Lets the tests' WebApplicationFactory<Program> reach the top-level-statement entry point.
public partial class Program;

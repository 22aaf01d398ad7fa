global using GenerationJobStore = RunwareCloud.Jobs.JobStore<
    RunwareCloud.Generation.Api.Infrastructure.GenerationDbContext, RunwareCloud.Generation.Api.Model.GenerationJob>;

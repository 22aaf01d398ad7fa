global using ProcessingJobStore = RunwareCloud.Jobs.JobStore<
    RunwareCloud.Processing.Api.Infrastructure.ProcessingDbContext, RunwareCloud.Processing.Api.Model.ProcessingJob>;

import type { Job, JobOutput, JobStatus, LiveEvent } from '../api/types';

/** A job as the page shows it: the last known server state plus what live events added since. */
export interface TrackedJob extends Job {
  stage?: string;
  previewUrl?: string | null;
}

/** `early` keeps events for jobs not tracked yet: the stream can beat the POST's answer. */
export type JobsState = { order: string[]; jobs: Record<string, TrackedJob>; early: Record<string, LiveEvent[]> };

export type JobAction =
  | { type: 'track'; job: Job }
  | { type: 'snapshot'; job: Job }
  | { type: 'event'; event: LiveEvent }
  | { type: 'forget'; id: string };

export const initialJobs: JobsState = { order: [], jobs: {}, early: {} };
const maxEarlyJobs = 50;

const rank: Record<JobStatus, number> = { queued: 0, running: 1, succeeded: 2, failed: 2, canceled: 2 };

export const isTerminal = (status: JobStatus) => rank[status] === 2;

/** Events can arrive out of order or after a poll already saw the end: status never moves backwards. */
function nextStatus(current: JobStatus, incoming: JobStatus): JobStatus {
  return rank[incoming] > rank[current] ? incoming : current;
}

function mergeOutputs(current: JobOutput[], incoming: JobOutput[]): JobOutput[] {
  if (incoming.length === 0) return current;
  return incoming.map((output, i) => ({ ...current[i], ...Object.fromEntries(Object.entries(output).filter(([, v]) => v != null)) }));
}

function merge(existing: TrackedJob | undefined, job: Job): TrackedJob {
  if (!existing) return { ...job, outputs: job.outputs ?? [] };
  return {
    ...existing,
    ...job,
    status: nextStatus(existing.status, job.status),
    progress: Math.max(existing.progress, job.progress ?? 0),
    outputs: mergeOutputs(existing.outputs, job.outputs ?? []),
    previews: job.previews?.length ? job.previews : existing.previews,
    error: job.error ?? existing.error,
    cost: job.cost ?? existing.cost,
  };
}

function applyEvent(job: TrackedJob, event: LiveEvent): TrackedJob {
  const data = (event.data ?? {}) as Record<string, unknown>;
  switch (event.type) {
    case 'job.queued':
      return job;
    case 'job.running':
      return { ...job, status: nextStatus(job.status, 'running') };
    case 'job.progress': {
      const progress = typeof data.progress === 'number' ? data.progress : job.progress;
      return {
        ...job,
        status: nextStatus(job.status, 'running'),
        progress: Math.max(job.progress, progress),
        stage: typeof data.stage === 'string' ? data.stage : job.stage,
        previewUrl: typeof data.previewUrl === 'string' ? data.previewUrl : job.previewUrl,
      };
    }
    case 'job.outputs': {
      const outputs = Array.isArray(data.outputs) ? (data.outputs as JobOutput[]) : [];
      return {
        ...job,
        status: nextStatus(job.status, 'running'),
        progress: Math.max(job.progress, 99),
        outputs: mergeOutputs(job.outputs, outputs),
        cost: typeof data.cost === 'number' ? data.cost : job.cost,
      };
    }
    case 'job.succeeded': {
      const assets = Array.isArray(data.assets) ? (data.assets as { id: string; url: string }[]) : [];
      const stored = assets.map((asset) => ({ assetId: asset.id, url: asset.url }));
      return { ...job, status: nextStatus(job.status, 'succeeded'), progress: 100, outputs: mergeOutputs(job.outputs, stored) };
    }
    case 'job.failed': {
      const error = data.error as { code?: string; message?: string } | undefined;
      return {
        ...job,
        status: nextStatus(job.status, 'failed'),
        error: { code: error?.code ?? 'failed', message: error?.message ?? 'The job failed.' },
      };
    }
    case 'job.canceled':
      return { ...job, status: nextStatus(job.status, 'canceled') };
    default:
      return job;
  }
}

export function jobsReducer(state: JobsState, action: JobAction): JobsState {
  switch (action.type) {
    case 'track': {
      const id = action.job.id;
      let job = merge(state.jobs[id], action.job);
      for (const event of state.early[id] ?? []) job = applyEvent(job, event);
      const { [id]: _applied, ...early } = state.early;
      void _applied;
      const order = state.order.includes(id) ? state.order : [id, ...state.order];
      return { order, jobs: { ...state.jobs, [id]: job }, early };
    }
    case 'snapshot': {
      if (!state.jobs[action.job.id]) return state;
      return { ...state, jobs: { ...state.jobs, [action.job.id]: merge(state.jobs[action.job.id], action.job) } };
    }
    case 'event': {
      const id = action.event.jobId;
      if (!id) return state;
      if (!state.jobs[id]) {
        const ids = Object.keys(state.early);
        const kept = ids.length >= maxEarlyJobs && !state.early[id] ? ids.slice(1) : ids;
        const early: Record<string, LiveEvent[]> = {};
        for (const key of kept) early[key] = state.early[key];
        early[id] = [...(state.early[id] ?? []), action.event];
        return { ...state, early };
      }
      return { ...state, jobs: { ...state.jobs, [id]: applyEvent(state.jobs[id], action.event) } };
    }
    case 'forget': {
      const { [action.id]: _removed, ...jobs } = state.jobs;
      void _removed;
      return { ...state, order: state.order.filter((id) => id !== action.id), jobs };
    }
  }
}

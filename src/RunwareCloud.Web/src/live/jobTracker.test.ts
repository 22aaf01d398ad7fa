import { describe, expect, it } from 'vitest';
import type { Job, LiveEvent } from '../api/types';
import { initialJobs, jobsReducer, type JobsState } from './jobTracker';

const job = (overrides: Partial<Job> = {}): Job => ({
  id: 'j1', kind: 'textToImage', status: 'queued', progress: 0, createdAt: '2025-01-01T00:00:00Z', outputs: [], ...overrides,
});
const event = (type: string, data: Record<string, unknown> = {}, jobId = 'j1'): LiveEvent => ({ type, jobId, data });
const run = (state: JobsState, ...events: LiveEvent[]) => events.reduce((s, e) => jobsReducer(s, { type: 'event', event: e }), state);

describe('jobsReducer', () => {
  it('moves a job through progress, draft preview, outputs and stored assets', () => {
    let state = jobsReducer(initialJobs, { type: 'track', job: job() });
    state = run(state,
      event('job.running'),
      event('job.progress', { progress: 40, stage: 'preview', previewUrl: 'http://runware/preview.png' }));
    expect(state.jobs.j1).toMatchObject({ status: 'running', progress: 40, stage: 'preview', previewUrl: 'http://runware/preview.png' });

    state = run(state, event('job.outputs', { outputs: [{ runwareUrl: 'http://runware/a.png', seed: 7 }, { runwareUrl: 'http://runware/b.png', seed: 8 }], cost: 0.0026 }));
    expect(state.jobs.j1.outputs.map((o) => o.runwareUrl)).toEqual(['http://runware/a.png', 'http://runware/b.png']);
    expect(state.jobs.j1.cost).toBe(0.0026);

    state = run(state, event('job.succeeded', { assets: [{ id: 'a1', url: '/api/assets/a1' }, { id: 'a2', url: '/api/assets/a2' }] }));
    expect(state.jobs.j1.status).toBe('succeeded');
    expect(state.jobs.j1.progress).toBe(100);
    expect(state.jobs.j1.outputs[1]).toMatchObject({ assetId: 'a2', url: '/api/assets/a2', runwareUrl: 'http://runware/b.png', seed: 8 });
  });

  it('never moves a finished job backwards when a late event or stale poll arrives', () => {
    let state = jobsReducer(initialJobs, { type: 'track', job: job() });
    state = run(state, event('job.failed', { error: { code: 'runware_error', message: 'Model not found' } }), event('job.progress', { progress: 10 }));
    state = jobsReducer(state, { type: 'snapshot', job: job({ status: 'running', progress: 5 }) });
    expect(state.jobs.j1.status).toBe('failed');
    expect(state.jobs.j1.error).toEqual({ code: 'runware_error', message: 'Model not found' });
  });

  it('keeps events that arrive before the job is tracked and applies them on tracking', () => {
    let state = run(initialJobs, event('job.running', {}, 'early'), event('job.progress', { progress: 60 }, 'early'));
    expect(state.order).toEqual([]);
    state = jobsReducer(state, { type: 'track', job: job({ id: 'early' }) });
    expect(state.jobs.early).toMatchObject({ status: 'running', progress: 60 });
    expect(state.early).toEqual({});
  });

  it('lists the newest job first and forgets dismissed jobs', () => {
    let state = jobsReducer(initialJobs, { type: 'track', job: job({ id: 'a' }) });
    state = jobsReducer(state, { type: 'track', job: job({ id: 'b' }) });
    expect(state.order).toEqual(['b', 'a']);
    state = jobsReducer(state, { type: 'forget', id: 'b' });
    expect(state.order).toEqual(['a']);
    expect(state.jobs.b).toBeUndefined();
  });
});

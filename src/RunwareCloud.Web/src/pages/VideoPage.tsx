import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { Api } from '../api/endpoints';
import { JobCard } from '../components/JobCard';
import { ErrorBox, Field, fieldError } from '../components/ui';
import { useJobTracker } from '../live/LiveEvents';

export function VideoPage() {
  const [prompt, setPrompt] = useState('');
  const [duration, setDuration] = useState(5);
  const [size, setSize] = useState('1280x720');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const tracker = useJobTracker(Api.generation);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(prompt.trim().length < 2 ? new ApiError(400, 'Describe the video.', { prompt: ['Describe the video (at least 2 characters).'] }) : null);
    if (prompt.trim().length < 2) return;
    const [width, height] = size.split('x').map(Number);
    setBusy(true);
    try {
      tracker.track(await Api.generateVideo({ prompt: prompt.trim(), duration, width, height }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="split">
      <form className="card form" onSubmit={submit} noValidate aria-label="Generate a video">
        <h1>Video</h1>
        <p className="muted">Videos render asynchronously; this page follows the job until the clip is ready.</p>
        <Field label="Prompt" htmlFor="videoPrompt" error={fieldError(error, 'prompt')}>
          <textarea id="videoPrompt" rows={3} value={prompt} onChange={(e) => setPrompt(e.target.value)} placeholder="Waves rolling onto a beach at sunset" />
        </Field>
        <div className="grid-2">
          <Field label="Duration (seconds)" htmlFor="duration" error={fieldError(error, 'duration')}>
            <input id="duration" type="number" min={1} max={10} value={duration} onChange={(e) => setDuration(e.target.valueAsNumber)} />
          </Field>
          <Field label="Size" htmlFor="videoSize" error={fieldError(error, 'width') ?? fieldError(error, 'height')}>
            <select id="videoSize" value={size} onChange={(e) => setSize(e.target.value)}>
              <option value="1280x720">1280×720 landscape</option>
              <option value="720x1280">720×1280 portrait</option>
              <option value="960x960">960×960 square</option>
              <option value="512x512">512×512 small</option>
            </select>
          </Field>
        </div>
        {error instanceof ApiError && Object.keys(error.fieldErrors).length > 0 ? null : <ErrorBox error={error} />}
        <button className="btn primary" type="submit" disabled={busy}>{busy ? 'Sending…' : 'Generate video'}</button>
      </form>
      <section className="results" aria-label="Videos">
        {tracker.jobs.length === 0
          ? <div className="empty card"><p className="empty-title">No videos yet</p><p className="muted">Your clips play here when they are ready.</p></div>
          : tracker.jobs.map((job) => <JobCard key={job.id} job={job} title={String(job.request?.prompt ?? 'Video')} onDismiss={() => tracker.forget(job.id)} />)}
      </section>
    </div>
  );
}

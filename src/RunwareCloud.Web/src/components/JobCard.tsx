import type { TrackedJob } from '../live/jobTracker';
import { AssetImage, AssetVideo, download, formatCost, Progress } from './ui';

const statusLabel: Record<string, string> = {
  queued: 'Queued', running: 'Generating', succeeded: 'Done', failed: 'Failed', canceled: 'Canceled',
};

export function JobCard({ job, title, onCancel, onDismiss }: {
  job: TrackedJob; title?: string; onCancel?: () => void; onDismiss?: () => void;
}) {
  const active = job.status === 'queued' || job.status === 'running';
  const preview = job.previewUrl ?? job.previews?.[0]?.runwareUrl;
  return (
    <article className={`card job job-${job.status}`} data-testid="job" data-status={job.status} aria-live="polite">
      <header className="job-head">
        <span className={`badge badge-${job.status}`}>{statusLabel[job.status] ?? job.status}</span>
        <span className="job-title" title={title}>{title ?? job.kind}</span>
        {job.cost != null && <span className="muted cost">{formatCost(job.cost)}</span>}
        {active && onCancel && <button type="button" className="btn small ghost" onClick={onCancel}>Cancel</button>}
        {!active && onDismiss && <button type="button" className="btn small ghost" onClick={onDismiss} aria-label="Dismiss">×</button>}
      </header>
      {active && (
        <>
          <Progress value={job.progress} label={`${title ?? 'Job'} progress`} />
          <p className="muted small">{job.stage ? `${job.stage} · ` : ''}{job.progress}%</p>
          {preview && <img className="preview-draft" src={preview} alt="Draft preview" />}
        </>
      )}
      {job.error && <p className="field-error" role="alert">{job.error.message}</p>}
      {job.outputs.length > 0 && (
        <div className="outputs">
          {job.outputs.map((output, i) => {
            const path = output.url ?? output.runwareUrl;
            if (output.text) return <blockquote key={i} className="caption" data-testid="caption">{output.text}</blockquote>;
            if (!path) return null;
            const isVideo = (output.contentType ?? '').startsWith('video/') || job.kind === 'video';
            return (
              <figure key={i} className="output" data-testid="output">
                {isVideo ? <AssetVideo path={path} /> : <AssetImage path={path} alt={`Result ${i + 1}`} />}
                <figcaption className="muted small">
                  {output.width && output.height ? `${output.width}×${output.height}` : ''}
                  {output.seed != null ? ` · seed ${output.seed}` : ''}
                  {output.url && (
                    <button type="button" className="link" onClick={() => download(output.url!, `${job.id}-${i + 1}`)}>Download</button>
                  )}
                </figcaption>
              </figure>
            );
          })}
        </div>
      )}
    </article>
  );
}

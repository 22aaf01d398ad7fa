import { useEffect, useState } from 'react';
import { Api } from '../api/endpoints';
import { JobCard } from '../components/JobCard';
import { AssetImage, ErrorBox, Field } from '../components/ui';
import { useJobTracker } from '../live/LiveEvents';

type Operation = 'remove-background' | 'upscale' | 'caption';
const labels: Record<Operation, string> = { 'remove-background': 'Remove background', upscale: 'Upscale', caption: 'Caption' };

export function ToolsPage() {
  const [asset, setAsset] = useState<{ id: string; url: string } | null>(null);
  const [local, setLocal] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [factor, setFactor] = useState(2);
  const [error, setError] = useState<unknown>(null);
  const [operations, setOperations] = useState<Record<string, Operation>>({});
  const tracker = useJobTracker(Api.processing);

  useEffect(() => () => { if (local) URL.revokeObjectURL(local); }, [local]);

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setUploading(true);
    setLocal(URL.createObjectURL(file));
    try {
      setAsset(await Api.upload(file, file.name));
    } catch (failure) {
      setAsset(null);
      setError(failure);
    } finally {
      setUploading(false);
    }
  };

  const run = async (operation: Operation) => {
    if (!asset) return;
    setError(null);
    try {
      const job = await Api.process(operation, asset.id, operation === 'upscale' ? factor : undefined);
      setOperations((current) => ({ ...current, [job.id]: operation }));
      tracker.track(job);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <div className="split">
      <section className="card form" aria-label="Image tools">
        <h1>Tools</h1>
        <Field label="Image" htmlFor="toolImage" hint="PNG, JPEG or WebP up to 50 MB.">
          <input id="toolImage" type="file" accept="image/*" onChange={(e) => upload(e.target.files?.[0])} />
        </Field>
        {uploading && <p className="muted">Uploading…</p>}
        {local && <img className="thumb-preview" src={local} alt="Uploaded original" />}
        <div className="tool-buttons">
          <button type="button" className="btn" disabled={!asset} onClick={() => run('remove-background')}>Remove background</button>
          <div className="row">
            <button type="button" className="btn" disabled={!asset} onClick={() => run('upscale')}>Upscale</button>
            <label className="inline" htmlFor="factor">×</label>
            <select id="factor" value={factor} onChange={(e) => setFactor(Number(e.target.value))} aria-label="Upscale factor">
              {[2, 3, 4].map((f) => <option key={f} value={f}>{f}</option>)}
            </select>
          </div>
          <button type="button" className="btn" disabled={!asset} onClick={() => run('caption')}>Caption</button>
        </div>
        <ErrorBox error={error} onDismiss={() => setError(null)} />
      </section>
      <section className="results" aria-label="Tool results">
        {tracker.jobs.length === 0 && (
          <div className="empty card"><p className="empty-title">Upload an image to start</p><p className="muted">Results show before and after, side by side.</p></div>
        )}
        {tracker.jobs.map((job) => (
          <div key={job.id} className="before-after" data-testid={`tool-${operations[job.id] ?? job.kind}`}>
            {asset && operations[job.id] !== 'caption' && (
              <figure className="before"><AssetImage path={asset.url} alt="Before" /><figcaption className="muted small">Before</figcaption></figure>
            )}
            <JobCard job={job} title={labels[operations[job.id]] ?? job.kind} onDismiss={() => tracker.forget(job.id)} />
          </div>
        ))}
      </section>
    </div>
  );
}

import { useEffect, useState, type ReactNode } from 'react';
import { ApiError, fetchBlobUrl } from '../api/client';

export function Field({ label, htmlFor, error, hint, children }: {
  label: string; htmlFor: string; error?: string; hint?: string; children: ReactNode;
}) {
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {error ? <p className="field-error" id={`${htmlFor}-error`} role="alert">{error}</p> : hint ? <p className="hint">{hint}</p> : null}
    </div>
  );
}

export function ErrorBox({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="error-box" role="alert">
      <span>{message}</span>
      {onDismiss && <button type="button" className="link" onClick={onDismiss} aria-label="Dismiss">×</button>}
    </div>
  );
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : error ? String(error) : '');
export const fieldError = (error: unknown, field: string) => (error instanceof ApiError ? error.forField(field) : undefined);

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

export function Progress({ value, label }: { value: number; label?: string }) {
  return (
    <div className="progress" role="progressbar" aria-valuenow={value} aria-valuemin={0} aria-valuemax={100} aria-label={label ?? 'Progress'}>
      <div className="progress-bar" style={{ width: `${Math.max(3, Math.min(100, value))}%` }} />
    </div>
  );
}

/** Loads a gateway asset with the Authorization header (an <img src> cannot send it). */
export function useAssetUrl(path: string | null | undefined) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    setUrl(null);
    setFailed(false);
    if (!path) return;
    if (!path.startsWith('/api/')) {
      setUrl(path);
      return;
    }
    const abort = new AbortController();
    let created: string | null = null;
    fetchBlobUrl(path, abort.signal).then((value) => {
      created = value;
      setUrl(value);
    }, (error) => {
      if ((error as Error).name !== 'AbortError') setFailed(true);
    });
    return () => {
      abort.abort();
      if (created) URL.revokeObjectURL(created);
    };
  }, [path]);
  return { url, failed };
}

export function AssetImage({ path, alt, className }: { path: string | null | undefined; alt: string; className?: string }) {
  const { url, failed } = useAssetUrl(path);
  if (failed) return <div className={`img-placeholder ${className ?? ''}`}>Image unavailable</div>;
  if (!url) return <div className={`img-placeholder shimmer ${className ?? ''}`} aria-label="Loading image" />;
  return <img src={url} alt={alt} className={className} />;
}

export function AssetVideo({ path }: { path: string }) {
  const { url, failed } = useAssetUrl(path);
  if (failed) return <div className="img-placeholder">Video unavailable</div>;
  if (!url) return <div className="img-placeholder shimmer" aria-label="Loading video" />;
  return <video src={url} controls loop autoPlay muted playsInline className="video" />;
}

export async function download(path: string, name: string) {
  const url = path.startsWith('/api/') ? await fetchBlobUrl(path) : path;
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  if (url !== path) setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const formatCost = (cost?: number | null) => (cost == null ? '' : `$${cost.toFixed(4)}`);

export function readFileAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error('Could not read the file.'));
    reader.readAsDataURL(file);
  });
}

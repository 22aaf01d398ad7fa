import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Api } from '../api/endpoints';
import type { HistoryEntry } from '../api/types';
import { AssetImage, AssetVideo, download, Empty, ErrorBox, formatCost, Spinner } from '../components/ui';
import { defaultValues } from '../generator/form';
import { reuseKey } from './GeneratePage';

interface Filters { q: string; kind: string; model: string; favorite: boolean; tag: string }

export function GalleryPage() {
  const [filters, setFilters] = useState<Filters>({ q: '', kind: '', model: '', favorite: false, tag: '' });
  const [applied, setApplied] = useState(filters);
  const [items, setItems] = useState<HistoryEntry[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<HistoryEntry | null>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const generation = useRef(0);

  const load = useCallback(async (reset: boolean) => {
    const mine = reset ? ++generation.current : generation.current;
    setLoading(true);
    setError(null);
    try {
      const page = await Api.history({
        q: applied.q.trim() || undefined, kind: applied.kind || undefined, model: applied.model.trim() || undefined,
        favorite: applied.favorite || undefined, tag: applied.tag.trim() || undefined, cursor: reset ? undefined : cursor ?? undefined,
      });
      if (mine !== generation.current) return;
      setItems((current) => (reset ? page.items : [...current, ...page.items]));
      setCursor(page.nextCursor ?? null);
    } catch (failure) {
      if (mine === generation.current) setError(failure);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [applied, cursor]);

  useEffect(() => {
    setItems([]);
    setCursor(undefined);
    load(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [applied]);

  useEffect(() => {
    const target = sentinel.current;
    if (!target || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries[0].isIntersecting && cursor && !loading) load(false);
    }, { rootMargin: '400px' });
    observer.observe(target);
    return () => observer.disconnect();
  }, [cursor, loading, load]);

  // Search as you type, a moment after the last key.
  useEffect(() => {
    const timer = setTimeout(() => setApplied(filters), 350);
    return () => clearTimeout(timer);
  }, [filters]);

  const replace = (entry: HistoryEntry) => {
    setItems((current) => current.map((item) => (item.id === entry.id ? entry : item)));
    setSelected((current) => (current?.id === entry.id ? entry : current));
  };

  return (
    <div>
      <div className="page-head">
        <h1>Gallery</h1>
        <form className="filters" role="search" onSubmit={(e) => { e.preventDefault(); setApplied(filters); }}>
          <input type="search" aria-label="Search prompts" placeholder="Search prompts…" value={filters.q}
            onChange={(e) => setFilters({ ...filters, q: e.target.value })} />
          <select aria-label="Kind" value={filters.kind} onChange={(e) => setFilters({ ...filters, kind: e.target.value })}>
            <option value="">All kinds</option>
            <option value="textToImage">Text to image</option>
            <option value="imageToImage">Image to image</option>
            <option value="inpaint">Inpaint</option>
            <option value="video">Video</option>
            <option value="removeBackground">Background removed</option>
            <option value="upscale">Upscaled</option>
            <option value="upload">Uploads</option>
          </select>
          <input aria-label="Model" placeholder="Model" value={filters.model} onChange={(e) => setFilters({ ...filters, model: e.target.value })} />
          <input aria-label="Tag" placeholder="Tag" value={filters.tag} onChange={(e) => setFilters({ ...filters, tag: e.target.value })} />
          <label className="inline checkbox">
            <input type="checkbox" checked={filters.favorite} onChange={(e) => setFilters({ ...filters, favorite: e.target.checked })} /> Favorites
          </label>
        </form>
      </div>
      <ErrorBox error={error} />
      {items.length === 0 && !loading && !error && (
        <Empty title={applied.q || applied.kind || applied.tag || applied.favorite || applied.model ? 'Nothing matches these filters' : 'Your gallery is empty'}>
          Everything you generate or process is kept here.
        </Empty>
      )}
      <ul className="gallery" aria-label="History">
        {items.map((item) => (
          <li key={item.id} data-testid="gallery-item">
            <button type="button" className="tile" onClick={() => setSelected(item)} aria-label={item.prompt ?? item.text ?? item.kind}>
              {item.contentType.startsWith('image/')
                ? <AssetImage path={item.thumbnailUrl ?? item.url} alt={item.prompt ?? item.kind} />
                : <div className="img-placeholder">{item.contentType.startsWith('video/') ? '▶ Video' : item.text ? '“' + item.text.slice(0, 60) + '”' : item.kind}</div>}
              {item.favorite && <span className="fav-dot" aria-label="Favorite">★</span>}
            </button>
          </li>
        ))}
      </ul>
      <div ref={sentinel} className="sentinel">
        {loading && <Spinner />}
        {!loading && cursor && <button type="button" className="btn ghost" onClick={() => load(false)}>Load more</button>}
      </div>
      {selected && (
        <Detail entry={selected} onClose={() => setSelected(null)} onChange={replace}
          onDeleted={(id) => { setItems((current) => current.filter((item) => item.id !== id)); setSelected(null); }} />
      )}
    </div>
  );
}

function Detail({ entry, onClose, onChange, onDeleted }: {
  entry: HistoryEntry; onClose: () => void; onChange: (entry: HistoryEntry) => void; onDeleted: (id: string) => void;
}) {
  const navigate = useNavigate();
  const [tags, setTags] = useState(entry.tags.join(', '));
  const [error, setError] = useState<unknown>(null);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setTags(entry.tags.join(', '));
    dialog.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [entry, onClose]);

  const act = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    }
  };

  const reuse = () => {
    sessionStorage.setItem(reuseKey, JSON.stringify({
      ...defaultValues, prompt: entry.prompt ?? '', negativePrompt: entry.negativePrompt ?? '', model: entry.model ?? defaultValues.model,
      width: entry.width ?? 512, height: entry.height ?? 512, steps: entry.steps ?? 20,
      seed: entry.seed != null ? String(entry.seed) : '', seedLocked: entry.seed != null,
    }));
    navigate('/');
  };

  return (
    <div className="overlay" onClick={onClose}>
      <div className="dialog card" role="dialog" aria-modal="true" aria-label="Image details" tabIndex={-1} ref={dialog} onClick={(e) => e.stopPropagation()}>
        <button type="button" className="btn small ghost close" onClick={onClose} aria-label="Close">×</button>
        <div className="dialog-media">
          {entry.contentType.startsWith('video/') ? <AssetVideo path={entry.url} /> : entry.contentType.startsWith('image/')
            ? <AssetImage path={entry.url} alt={entry.prompt ?? entry.kind} /> : <blockquote className="caption">{entry.text}</blockquote>}
        </div>
        <div className="dialog-info">
          {entry.prompt && <p className="prompt">{entry.prompt}</p>}
          {entry.text && <p className="caption">{entry.text}</p>}
          <dl className="meta">
            <dt>Kind</dt><dd>{entry.kind}</dd>
            {entry.model && <><dt>Model</dt><dd>{entry.model}</dd></>}
            {entry.width && <><dt>Size</dt><dd>{entry.width}×{entry.height}</dd></>}
            {entry.seed != null && <><dt>Seed</dt><dd>{entry.seed}</dd></>}
            {entry.steps != null && <><dt>Steps</dt><dd>{entry.steps}</dd></>}
            {entry.cost != null && <><dt>Cost</dt><dd>{formatCost(entry.cost)}</dd></>}
            <dt>Created</dt><dd>{new Date(entry.createdAt).toLocaleString()}</dd>
          </dl>
          <form className="row" onSubmit={(e) => {
            e.preventDefault();
            act(async () => onChange(await Api.updateHistory(entry.id, { tags: tags.split(',').map((t) => t.trim()).filter(Boolean) })));
          }}>
            <input aria-label="Tags" placeholder="tags, comma separated" value={tags} onChange={(e) => setTags(e.target.value)} />
            <button type="submit" className="btn small">Save tags</button>
          </form>
          <ErrorBox error={error} />
          <div className="row wrap">
            <button type="button" className="btn small" onClick={() => act(async () => onChange(await Api.updateHistory(entry.id, { favorite: !entry.favorite })))}>
              {entry.favorite ? '★ Unfavorite' : '☆ Favorite'}
            </button>
            {entry.prompt && <button type="button" className="btn small" onClick={reuse}>Reuse settings</button>}
            <button type="button" className="btn small" onClick={() => act(() => download(entry.url, `${entry.id}.${entry.format.toLowerCase()}`))}>Download</button>
            <button type="button" className="btn small danger" onClick={() => {
              if (window.confirm('Delete this item for good?')) act(async () => { await Api.deleteHistory(entry.id); onDeleted(entry.id); });
            }}>Delete</button>
          </div>
        </div>
      </div>
    </div>
  );
}

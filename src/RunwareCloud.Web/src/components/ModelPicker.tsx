import { useEffect, useState } from 'react';
import { Api } from '../api/endpoints';
import type { Model } from '../api/types';

/** A text box for the model's AIR id with suggestions from the model search. */
export function ModelPicker({ id, value, onChange, invalid }: {
  id: string; value: string; onChange: (air: string, model?: Model) => void; invalid?: boolean;
}) {
  const [search, setSearch] = useState('');
  const [models, setModels] = useState<Model[]>([]);
  const [status, setStatus] = useState<'idle' | 'loading' | 'error'>('idle');

  useEffect(() => {
    const abort = new AbortController();
    const timer = setTimeout(() => {
      setStatus('loading');
      Api.models(search, abort.signal).then((result) => {
        setModels(result.models ?? []);
        setStatus('idle');
      }, (error) => {
        if ((error as Error).name !== 'AbortError') setStatus('error');
      });
    }, 300);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [search]);

  return (
    <div className="model-picker">
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value.trim())}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
        list={`${id}-options`}
        spellCheck={false}
      />
      <input
        type="search"
        className="model-search"
        placeholder="Search models…"
        aria-label="Search models"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <datalist id={`${id}-options`}>
        {models.map((model) => <option key={model.air} value={model.air}>{model.name}</option>)}
      </datalist>
      {search && (
        <ul className="model-results" aria-label="Models">
          {status === 'loading' && <li className="muted">Searching…</li>}
          {status === 'error' && <li className="muted">Model search is unavailable; type an AIR id.</li>}
          {status === 'idle' && models.length === 0 && <li className="muted">No models match.</li>}
          {models.slice(0, 8).map((model) => (
            <li key={model.air}>
              <button type="button" className="model-option" onClick={() => { onChange(model.air, model); setSearch(''); }}>
                <strong>{model.name ?? model.air}</strong>
                <span className="muted small">{model.air}{model.architecture ? ` · ${model.architecture}` : ''}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

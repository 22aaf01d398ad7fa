import { useEffect, useState, type FormEvent } from 'react';
import { Api } from '../api/endpoints';
import type { Settings } from '../api/types';
import { ModelPicker } from '../components/ModelPicker';
import { ErrorBox, Field, fieldError, Spinner } from '../components/ui';

export function SettingsPage() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    Api.settings().then(setSettings, setError);
  }, []);

  if (!settings) return error ? <ErrorBox error={error} /> : <div className="center"><Spinner /></div>;

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    setSaved(false);
    setSettings({ ...settings, [key]: value });
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setSettings(await Api.saveSettings(settings));
      setSaved(true);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <form className="card form narrow" onSubmit={save} noValidate aria-label="Settings">
      <h1>Settings</h1>
      <p className="muted">Defaults for new generations.</p>
      <Field label="Default model" htmlFor="defaultModel" error={fieldError(error, 'defaultModel')}>
        <ModelPicker id="defaultModel" value={settings.defaultModel} onChange={(air) => set('defaultModel', air)} />
      </Field>
      <div className="grid-2">
        <Field label="Width" htmlFor="settingsWidth" error={fieldError(error, 'width')}>
          <input id="settingsWidth" type="number" step={64} value={settings.width} onChange={(e) => set('width', e.target.valueAsNumber)} />
        </Field>
        <Field label="Height" htmlFor="settingsHeight" error={fieldError(error, 'height')}>
          <input id="settingsHeight" type="number" step={64} value={settings.height} onChange={(e) => set('height', e.target.valueAsNumber)} />
        </Field>
        <Field label="Steps" htmlFor="settingsSteps" error={fieldError(error, 'steps')}>
          <input id="settingsSteps" type="number" value={settings.steps} onChange={(e) => set('steps', e.target.valueAsNumber)} />
        </Field>
        <Field label="Format" htmlFor="settingsFormat" error={fieldError(error, 'outputFormat')}>
          <select id="settingsFormat" value={settings.outputFormat} onChange={(e) => set('outputFormat', e.target.value)}>
            <option>PNG</option><option>JPG</option><option>WEBP</option>
          </select>
        </Field>
      </div>
      <ErrorBox error={error} />
      {saved && <p className="ok" role="status">Saved.</p>}
      <button type="submit" className="btn primary">Save</button>
    </form>
  );
}

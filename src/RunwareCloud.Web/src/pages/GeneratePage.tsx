import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { Api } from '../api/endpoints';
import { JobCard } from '../components/JobCard';
import { MaskCanvas } from '../components/MaskCanvas';
import { ModelPicker } from '../components/ModelPicker';
import { ErrorBox, Field, readFileAsDataUrl } from '../components/ui';
import {
  defaultValues, randomSeed, sizePresets, toGenerationBody, validateGenerator,
  type FieldErrors, type GeneratorValues, type Mode,
} from '../generator/form';
import { useJobTracker } from '../live/LiveEvents';

export const reuseKey = 'runwarecloud.reuse';

function initialValues(): GeneratorValues {
  const reused = sessionStorage.getItem(reuseKey);
  if (reused) {
    sessionStorage.removeItem(reuseKey);
    try {
      return { ...defaultValues, ...JSON.parse(reused) };
    } catch {
      // Ignore a damaged hand-over.
    }
  }
  return defaultValues;
}

export function GeneratePage() {
  const [values, setValues] = useState<GeneratorValues>(initialValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [enhanced, setEnhanced] = useState<string[]>([]);
  const [enhancing, setEnhancing] = useState(false);
  const tracker = useJobTracker(Api.generation);

  useEffect(() => {
    if (sessionStorage.getItem(reuseKey) !== null) return;
    Api.settings().then((settings) => setValues((current) => current === defaultValues ? {
      ...current, model: settings.defaultModel, width: settings.width, height: settings.height, steps: settings.steps,
      outputFormat: settings.outputFormat,
    } : current), () => {});
  }, []);

  const set = <K extends keyof GeneratorValues>(key: K, value: GeneratorValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined, ...(key === 'width' || key === 'height' ? { size: undefined } : {}) }));
  };
  const onMask = useCallback((mask: string | undefined) => setValues((current) => ({ ...current, maskImage: mask })), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateGenerator(values);
    setErrors(found);
    setSubmitError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const job = await Api.generate(toGenerationBody(values));
      tracker.track(job);
      if (!values.seedLocked) set('seed', '');
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
        setErrors(Object.fromEntries(Object.entries(error.fieldErrors).map(([k, v]) => [k, v[0]])) as FieldErrors);
      }
      setSubmitError(error);
    } finally {
      setBusy(false);
    }
  };

  const enhance = async () => {
    if (values.prompt.trim().length < 2) {
      setErrors((current) => ({ ...current, prompt: 'Write a prompt first, then enhance it.' }));
      return;
    }
    setEnhancing(true);
    try {
      setEnhanced((await Api.enhancePrompt(values.prompt.trim())).prompts);
    } catch (error) {
      setErrors((current) => ({ ...current, prompt: (error as Error).message }));
    } finally {
      setEnhancing(false);
    }
  };

  const pickImage = async (file: File | undefined) => {
    if (!file) return;
    setValues((current) => ({ ...current, seedImage: undefined, maskImage: undefined }));
    try {
      set('seedImage', await readFileAsDataUrl(file));
    } catch (error) {
      setErrors((current) => ({ ...current, seedImage: (error as Error).message }));
    }
  };

  const preset = sizePresets.find((p) => p.width === values.width && p.height === values.height);

  return (
    <div className="split">
      <form className="card form" onSubmit={submit} noValidate aria-label="Generate images">
        <h1>Generate</h1>
        <div className="segmented" role="radiogroup" aria-label="Mode">
          {([['textToImage', 'Text to image'], ['imageToImage', 'Image to image'], ['inpaint', 'Inpaint']] as [Mode, string][]).map(([mode, label]) => (
            <label key={mode} className={values.mode === mode ? 'active' : ''}>
              <input type="radio" name="mode" value={mode} checked={values.mode === mode} onChange={() => set('mode', mode)} />
              {label}
            </label>
          ))}
        </div>

        <Field label="Prompt" htmlFor="prompt" error={errors.prompt}>
          <textarea id="prompt" rows={3} value={values.prompt} onChange={(e) => set('prompt', e.target.value)}
            aria-invalid={!!errors.prompt || undefined} placeholder="A lighthouse on a cliff at dusk, volumetric light" />
        </Field>
        <div className="row">
          <button type="button" className="btn small ghost" onClick={enhance} disabled={enhancing}>
            {enhancing ? 'Enhancing…' : 'Enhance prompt'}
          </button>
        </div>
        {enhanced.length > 0 && (
          <ul className="suggestions" aria-label="Enhanced prompts">
            {enhanced.map((text) => (
              <li key={text}><button type="button" className="suggestion" onClick={() => { set('prompt', text); setEnhanced([]); }}>{text}</button></li>
            ))}
          </ul>
        )}
        <Field label="Negative prompt" htmlFor="negativePrompt" error={errors.negativePrompt}>
          <input id="negativePrompt" value={values.negativePrompt} onChange={(e) => set('negativePrompt', e.target.value)} placeholder="blurry, low quality" />
        </Field>

        {values.mode !== 'textToImage' && (
          <Field label="Source image" htmlFor="seedImage" error={errors.seedImage}>
            <input id="seedImage" type="file" accept="image/*" onChange={(e) => pickImage(e.target.files?.[0])} />
          </Field>
        )}
        {values.mode === 'imageToImage' && values.seedImage && <img className="thumb-preview" src={values.seedImage} alt="Source" />}
        {values.mode === 'inpaint' && values.seedImage && <MaskCanvas image={values.seedImage} onMask={onMask} />}
        {values.mode === 'inpaint' && errors.maskImage && <p className="field-error" role="alert">{errors.maskImage}</p>}
        {values.mode !== 'textToImage' && (
          <Field label={`Strength ${values.strength.toFixed(2)}`} htmlFor="strength" error={errors.strength}>
            <input id="strength" type="range" min={0} max={1} step={0.05} value={values.strength} onChange={(e) => set('strength', Number(e.target.value))} />
          </Field>
        )}

        <Field label="Model" htmlFor="model" error={errors.model}>
          <ModelPicker id="model" value={values.model} invalid={!!errors.model} onChange={(air, model) => {
            set('model', air);
            if (model?.defaultSteps) set('steps', model.defaultSteps);
          }} />
        </Field>

        <Field label="Size" htmlFor="sizePreset">
          <select id="sizePreset" value={preset ? preset.label : 'custom'} onChange={(e) => {
            const chosen = sizePresets.find((p) => p.label === e.target.value);
            if (chosen) {
              set('width', chosen.width);
              set('height', chosen.height);
            }
          }}>
            {sizePresets.map((p) => <option key={p.label} value={p.label}>{p.label}</option>)}
            <option value="custom">Custom</option>
          </select>
        </Field>
        <div className="grid-2">
          <Field label="Width" htmlFor="width" error={errors.width}>
            <input id="width" type="number" step={64} value={Number.isNaN(values.width) ? '' : values.width}
              onChange={(e) => set('width', e.target.valueAsNumber)} aria-invalid={!!errors.width || undefined} />
          </Field>
          <Field label="Height" htmlFor="height" error={errors.height}>
            <input id="height" type="number" step={64} value={Number.isNaN(values.height) ? '' : values.height}
              onChange={(e) => set('height', e.target.valueAsNumber)} aria-invalid={!!errors.height || undefined} />
          </Field>
          <Field label="Steps" htmlFor="steps" error={errors.steps}>
            <input id="steps" type="number" min={1} max={100} value={Number.isNaN(values.steps) ? '' : values.steps}
              onChange={(e) => set('steps', e.target.valueAsNumber)} />
          </Field>
          <Field label="CFG scale" htmlFor="cfgScale" error={errors.cfgScale}>
            <input id="cfgScale" type="number" min={0} max={30} step={0.5} value={Number.isNaN(values.cfgScale) ? '' : values.cfgScale}
              onChange={(e) => set('cfgScale', e.target.valueAsNumber)} />
          </Field>
          <Field label="Images" htmlFor="numberResults" error={errors.numberResults}>
            <input id="numberResults" type="number" min={1} max={20} value={Number.isNaN(values.numberResults) ? '' : values.numberResults}
              onChange={(e) => set('numberResults', e.target.valueAsNumber)} />
          </Field>
          <Field label="Format" htmlFor="outputFormat" error={errors.outputFormat}>
            <select id="outputFormat" value={values.outputFormat} onChange={(e) => set('outputFormat', e.target.value)}>
              <option>PNG</option><option>JPG</option><option>WEBP</option>
            </select>
          </Field>
        </div>
        <Field label="Seed" htmlFor="seed" error={errors.seed} hint="Empty means random.">
          <div className="row">
            <input id="seed" inputMode="numeric" value={values.seed} onChange={(e) => set('seed', e.target.value)} placeholder="random" />
            <button type="button" className="btn small ghost" onClick={() => set('seed', randomSeed())} aria-label="Randomise seed">Random</button>
            <label className="inline checkbox">
              <input type="checkbox" checked={values.seedLocked} onChange={(e) => set('seedLocked', e.target.checked)} /> Lock
            </label>
          </div>
        </Field>
        <label className="inline checkbox">
          <input type="checkbox" checked={values.preview} onChange={(e) => set('preview', e.target.checked)} /> Show a fast draft first
        </label>

        <ErrorBox error={submitError} onDismiss={() => setSubmitError(null)} />
        <button type="submit" className="btn primary" disabled={busy}>{busy ? 'Sending…' : 'Generate'}</button>
      </form>

      <section className="results" aria-label="Results">
        {tracker.jobs.length === 0 ? (
          <div className="empty card">
            <p className="empty-title">Your images appear here</p>
            <p className="muted">Progress, a draft preview and the final results stream in live.</p>
          </div>
        ) : tracker.jobs.map((job) => (
          <JobCard key={job.id} job={job} title={String(job.request?.prompt ?? 'Generation')}
            onCancel={() => Api.cancelGeneration(job.id).then(tracker.track, () => {})}
            onDismiss={() => tracker.forget(job.id)} />
        ))}
      </section>
    </div>
  );
}

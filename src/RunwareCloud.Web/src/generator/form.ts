import type { GenerationBody } from '../api/endpoints';

export type Mode = 'textToImage' | 'imageToImage' | 'inpaint';

export interface GeneratorValues {
  mode: Mode;
  prompt: string;
  negativePrompt: string;
  model: string;
  width: number;
  height: number;
  steps: number;
  cfgScale: number;
  seed: string;
  seedLocked: boolean;
  numberResults: number;
  outputFormat: string;
  strength: number;
  preview: boolean;
  seedImage?: string;
  maskImage?: string;
}

export const sizePresets = [
  { label: 'Square 512', width: 512, height: 512 },
  { label: 'Square 1024', width: 1024, height: 1024 },
  { label: 'Portrait 768×1024', width: 768, height: 1024 },
  { label: 'Landscape 1024×768', width: 1024, height: 768 },
  { label: 'Wide 1344×768', width: 1344, height: 768 },
];

export const defaultValues: GeneratorValues = {
  mode: 'textToImage',
  prompt: '',
  negativePrompt: '',
  model: 'runware:100@1',
  width: 512,
  height: 512,
  steps: 20,
  cfgScale: 7,
  seed: '',
  seedLocked: false,
  numberResults: 1,
  outputFormat: 'PNG',
  strength: 0.8,
  preview: true,
};

export type FieldErrors = Partial<Record<keyof GeneratorValues | 'size', string>>;

const airPattern = /^[a-z0-9][a-z0-9_.-]*:[0-9]+@[0-9]+$/;

/** The same rules the generation service applies, checked before sending so mistakes show at once. */
export function validateGenerator(values: GeneratorValues): FieldErrors {
  const errors: FieldErrors = {};
  const prompt = values.prompt.trim();
  if (prompt.length === 0) errors.prompt = 'Describe what you want to see.';
  else if (prompt.length < 2 || prompt.length > 2000) errors.prompt = 'The prompt must be between 2 and 2000 characters.';
  if (values.negativePrompt.length > 2000) errors.negativePrompt = 'At most 2000 characters.';
  if (values.model && !airPattern.test(values.model)) errors.model = 'Use a model AIR id such as runware:100@1.';
  for (const field of ['width', 'height'] as const) {
    const size = values[field];
    if (!Number.isInteger(size) || size < 128 || size > 2048 || size % 64 !== 0) {
      errors[field] = 'Must be a multiple of 64 between 128 and 2048.';
    }
  }
  if (!Number.isInteger(values.steps) || values.steps < 1 || values.steps > 100) errors.steps = 'Steps must be between 1 and 100.';
  if (!(values.cfgScale >= 0 && values.cfgScale <= 30)) errors.cfgScale = 'CFG scale must be between 0 and 30.';
  if (!Number.isInteger(values.numberResults) || values.numberResults < 1 || values.numberResults > 20) {
    errors.numberResults = 'Between 1 and 20 images.';
  }
  if (values.seed.trim() !== '' && !/^\d{1,18}$/.test(values.seed.trim())) errors.seed = 'The seed must be a whole number (0 or more).';
  if (values.mode !== 'textToImage') {
    if (!values.seedImage) errors.seedImage = 'Upload an image to start from.';
    if (!(values.strength >= 0 && values.strength <= 1)) errors.strength = 'Strength must be between 0 and 1.';
  }
  if (values.mode === 'inpaint' && !values.maskImage) errors.maskImage = 'Paint the area to change on the mask.';
  return errors;
}

export function toGenerationBody(values: GeneratorValues): GenerationBody {
  const body: GenerationBody = {
    prompt: values.prompt.trim(),
    negativePrompt: values.negativePrompt.trim() || undefined,
    model: values.model || undefined,
    width: values.width,
    height: values.height,
    steps: values.steps,
    cfgScale: values.cfgScale,
    seed: values.seed.trim() ? Number(values.seed.trim()) : undefined,
    numberResults: values.numberResults,
    outputFormat: values.outputFormat,
    preview: values.preview,
  };
  if (values.mode !== 'textToImage') {
    body.seedImage = values.seedImage;
    body.strength = values.strength;
  }
  if (values.mode === 'inpaint') body.maskImage = values.maskImage;
  return body;
}

export const randomSeed = () => String(Math.floor(Math.random() * 2 ** 31));

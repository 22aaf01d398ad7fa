import { describe, expect, it } from 'vitest';
import { defaultValues, toGenerationBody, validateGenerator } from './form';

const valid = { ...defaultValues, prompt: 'a red fox in snow' };

describe('validateGenerator', () => {
  it('accepts a complete text-to-image form', () => {
    expect(validateGenerator(valid)).toEqual({});
  });

  it('names each bad field', () => {
    const errors = validateGenerator({ ...valid, prompt: ' ', width: 500, height: 4096, steps: 0, cfgScale: 31, numberResults: 21, seed: '-3', model: 'not a model' });
    expect(Object.keys(errors).sort()).toEqual(['cfgScale', 'height', 'model', 'numberResults', 'prompt', 'seed', 'steps', 'width']);
    expect(errors.width).toMatch(/multiple of 64/);
  });

  it('requires a source image for image-to-image and a painted mask for inpainting', () => {
    expect(validateGenerator({ ...valid, mode: 'imageToImage' })).toHaveProperty('seedImage');
    const inpaint = validateGenerator({ ...valid, mode: 'inpaint', seedImage: 'data:image/png;base64,AAAA' });
    expect(inpaint).toHaveProperty('maskImage');
    expect(inpaint).not.toHaveProperty('seedImage');
  });
});

describe('toGenerationBody', () => {
  it('sends images and strength only for the modes that use them', () => {
    expect(toGenerationBody({ ...valid, seedImage: 'x' })).not.toHaveProperty('seedImage');
    const body = toGenerationBody({ ...valid, mode: 'inpaint', seedImage: 'img', maskImage: 'mask', strength: 0.5, seed: ' 42 ' });
    expect(body).toMatchObject({ seedImage: 'img', maskImage: 'mask', strength: 0.5, seed: 42, prompt: 'a red fox in snow' });
  });
});

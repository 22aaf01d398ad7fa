import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, configureClient, toApiError } from './client';

describe('toApiError', () => {
  it('maps validation problem details to field errors with camelCase keys', () => {
    const error = toApiError(400, {
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { Width: ['must be a multiple of 64 between 128 and 2048'], prompt: ['is required'] },
    });
    expect(error.status).toBe(400);
    expect(error.fieldErrors.width).toEqual(['must be a multiple of 64 between 128 and 2048']);
    expect(error.forField('WIDTH')).toBe('must be a multiple of 64 between 128 and 2048');
    expect(error.forField('prompt')).toBe('is required');
    expect(error.message).toBe('Width must be a multiple of 64 between 128 and 2048. Prompt is required.');
  });

  it('prefers the problem detail when there is one', () => {
    const error = toApiError(409, { title: 'Conflict', detail: 'That user name is taken.' });
    expect(error.message).toBe('That user name is taken.');
    expect(error.fieldErrors).toEqual({});
  });

  it('falls back to a readable message for bodies that are not problem details', () => {
    expect(toApiError(502, '<html>Bad gateway</html>').message).toBe('A service behind the gateway is not answering.');
    expect(toApiError(418, undefined).message).toBe('The request failed (HTTP 418).');
  });
});

describe('api', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the bearer token and JSON body, and throws ApiError on a problem response', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ errors: { steps: ['must be between 1 and 100'] } }), { status: 400 }));
    vi.stubGlobal('fetch', fetchMock);
    configureClient(() => 'token-1', () => {});

    const failure = await api('/api/generations', { body: { steps: 0 } }).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).forField('steps')).toBe('must be between 1 and 100');
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer token-1');
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"steps":0}');
  });

  it('signs out on 401 and reports an unreachable server readably', async () => {
    const unauthorized = vi.fn();
    configureClient(() => 'expired', unauthorized);
    vi.stubGlobal('fetch', vi.fn(async () => new Response('', { status: 401 })));
    await expect(api('/api/me')).rejects.toMatchObject({ status: 401 });
    expect(unauthorized).toHaveBeenCalledOnce();

    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    await expect(api('/api/me')).rejects.toMatchObject({ status: 0, message: expect.stringContaining('Cannot reach the server') });
  });
});

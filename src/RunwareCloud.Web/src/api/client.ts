/** A failed API call, turned into something a person can read, with validation errors keyed by field. */
export class ApiError extends Error {
  readonly status: number;
  readonly fieldErrors: Record<string, string[]>;
  readonly title?: string;

  constructor(status: number, message: string, fieldErrors: Record<string, string[]> = {}, title?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.fieldErrors = fieldErrors;
    this.title = title;
  }

  /** The first message for a field (matched case-insensitively, so "Width" and "width" agree). */
  forField(field: string): string | undefined {
    const key = Object.keys(this.fieldErrors).find((k) => k.toLowerCase() === field.toLowerCase());
    return key ? this.fieldErrors[key][0] : undefined;
  }
}

const statusMessages: Record<number, string> = {
  400: 'The request was not valid.',
  401: 'Your sign-in has expired. Please sign in again.',
  403: 'You do not have permission to do that.',
  404: 'Not found.',
  409: 'That conflicts with something that already exists.',
  413: 'That file is too large.',
  429: 'Too many requests. Please wait a moment and try again.',
  502: 'A service behind the gateway is not answering.',
  503: 'The service is temporarily unavailable.',
};

function humanise(field: string): string {
  const spaced = field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[._]/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
}

/** Maps a response body (RFC 7807 problem details or anything else) to an {@link ApiError}. */
export function toApiError(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object') {
    const problem = body as { title?: unknown; detail?: unknown; errors?: unknown };
    const fieldErrors: Record<string, string[]> = {};
    if (problem.errors && typeof problem.errors === 'object') {
      for (const [field, messages] of Object.entries(problem.errors as Record<string, unknown>)) {
        const list = Array.isArray(messages) ? messages.map(String) : [String(messages)];
        if (list.length > 0) fieldErrors[field.charAt(0).toLowerCase() + field.slice(1)] = list;
      }
    }
    const fields = Object.entries(fieldErrors);
    const title = typeof problem.title === 'string' ? problem.title : undefined;
    let message: string;
    if (typeof problem.detail === 'string' && problem.detail.trim()) message = problem.detail;
    else if (fields.length > 0) message = fields.map(([f, m]) => `${humanise(f)} ${m[0]}`).join('. ') + '.';
    else if (title && !/^one or more validation errors/i.test(title)) message = title;
    else message = statusMessages[status] ?? `The request failed (HTTP ${status}).`;
    return new ApiError(status, message, fieldErrors, title);
  }
  if (typeof body === 'string' && body.trim() && body.length < 300 && !body.trimStart().startsWith('<')) {
    return new ApiError(status, body.trim());
  }
  return new ApiError(status, statusMessages[status] ?? `The request failed (HTTP ${status}).`);
}

export type TokenSource = () => string | null;
let tokenSource: TokenSource = () => null;
let onUnauthorized: () => void = () => {};

export function configureClient(source: TokenSource, unauthorized: () => void) {
  tokenSource = source;
  onUnauthorized = unauthorized;
}

export function authHeaders(): Record<string, string> {
  const token = tokenSource();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** Calls the API through the gateway; throws {@link ApiError} for every non-2xx answer and for network failures. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders(), ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(path, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body, signal: options.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'Cannot reach the server. Check your connection and try again.');
  }

  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/token')) onUnauthorized();
    throw toApiError(response.status, parsed);
  }
  return parsed as T;
}

/** Fetches a protected asset (the gateway needs the Authorization header) and returns an object URL for it. */
export async function fetchBlobUrl(path: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(path, { headers: authHeaders(), signal });
  if (!response.ok) throw toApiError(response.status, undefined);
  return URL.createObjectURL(await response.blob());
}

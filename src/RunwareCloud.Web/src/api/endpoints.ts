import { api } from './client';
import type { ApiKey, HistoryEntry, Job, Me, Model, Page, Settings, User } from './types';

export interface GenerationBody {
  prompt: string;
  negativePrompt?: string;
  model?: string;
  width: number;
  height: number;
  steps: number;
  cfgScale: number;
  seed?: number;
  numberResults: number;
  outputFormat: string;
  seedImage?: string;
  maskImage?: string;
  strength?: number;
  preview?: boolean;
}

const query = (params: Record<string, string | number | boolean | undefined | null>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

export const Api = {
  signIn: (userName: string, password: string) =>
    api<{ accessToken: string; expiresAt: string }>('/api/auth/token', { body: { userName, password } }),
  me: () => api<Me>('/api/me'),

  generate: (body: GenerationBody) => api<Job>('/api/generations', { body }),
  generateVideo: (body: { prompt: string; duration: number; width: number; height: number }) =>
    api<Job>('/api/generations/videos', { body }),
  generation: (id: string) => api<Job>(`/api/generations/${id}`),
  generations: (status?: string, cursor?: string) => api<Page<Job>>(`/api/generations${query({ status, cursor, limit: 20 })}`),
  cancelGeneration: (id: string) => api<Job>(`/api/generations/${id}/cancel`, { method: 'POST' }),
  enhancePrompt: (prompt: string) => api<{ prompts: string[] }>('/api/prompts/enhance', { body: { prompt, versions: 3 } }),
  models: (search: string, signal?: AbortSignal) =>
    api<{ total: number; models: Model[] }>(`/api/models${query({ search, category: 'checkpoint' })}`, { signal }),

  process: (operation: 'remove-background' | 'upscale' | 'caption', image: string, upscaleFactor?: number) =>
    api<Job>(`/api/processing/${operation}`, { body: { image, upscaleFactor } }),
  processing: (id: string) => api<Job>(`/api/processing/${id}`),

  upload: (file: Blob, name = 'upload.png') => {
    const form = new FormData();
    form.append('file', file, name);
    return api<{ id: string; url: string }>('/api/assets', { body: form });
  },
  history: (filters: { q?: string; kind?: string; model?: string; favorite?: boolean; tag?: string; cursor?: string }) =>
    api<Page<HistoryEntry>>(`/api/history${query({ ...filters, limit: 24 })}`),
  updateHistory: (id: string, change: { favorite?: boolean; tags?: string[] }) =>
    api<HistoryEntry>(`/api/history/${id}`, { method: 'PATCH', body: change }),
  deleteHistory: (id: string) => api<void>(`/api/history/${id}`, { method: 'DELETE' }),

  settings: () => api<Settings>('/api/settings'),
  saveSettings: (settings: Settings) => api<Settings>('/api/settings', { method: 'PUT', body: settings }),

  users: () => api<User[]>('/api/users'),
  createUser: (userName: string, password: string, role: string) =>
    api<User>('/api/users', { body: { userName, password, role } }),
  updateUser: (id: string, change: { role?: string; disabled?: boolean }) =>
    api<User>(`/api/users/${id}`, { method: 'PATCH', body: change }),
  keys: () => api<ApiKey[]>('/api/auth/keys'),
  createKey: (name: string) => api<ApiKey>('/api/auth/keys', { body: { name } }),
  revokeKey: (id: string) => api<void>(`/api/auth/keys/${id}`, { method: 'DELETE' }),

  events: () => api<unknown>('/api/events'),
  orders: () => api<unknown>('/api/orders'),
  createOrder: (body: Record<string, unknown>) => api<Record<string, unknown>>('/api/orders', { body }),
};

/** Lists may come bare or wrapped in {items}. */
export function asList<T>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  if (value && typeof value === 'object' && Array.isArray((value as { items?: unknown }).items)) return (value as { items: T[] }).items;
  return [];
}

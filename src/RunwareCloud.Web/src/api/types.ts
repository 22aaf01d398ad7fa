export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';

export interface JobOutput {
  assetId?: string | null;
  url?: string | null;
  runwareUrl?: string | null;
  seed?: number | null;
  cost?: number | null;
  contentType?: string | null;
  width?: number | null;
  height?: number | null;
  text?: string | null;
}

export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  progress: number;
  createdAt: string;
  startedAt?: string | null;
  completedAt?: string | null;
  request?: Record<string, unknown>;
  outputs: JobOutput[];
  previews?: JobOutput[] | null;
  error?: { code: string; message: string } | null;
  cost?: number | null;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface Me {
  id: string;
  userName: string;
  role: 'admin' | 'manager' | 'user' | 'viewer';
}

export interface Model {
  air: string;
  name?: string;
  version?: string;
  category?: string;
  architecture?: string;
  defaultWidth?: number;
  defaultHeight?: number;
  defaultSteps?: number;
}

export interface HistoryEntry {
  id: string;
  url: string;
  thumbnailUrl?: string | null;
  jobId?: string | null;
  kind: string;
  prompt?: string | null;
  negativePrompt?: string | null;
  model?: string | null;
  seed?: number | null;
  width?: number | null;
  height?: number | null;
  steps?: number | null;
  cost?: number | null;
  format: string;
  contentType: string;
  size: number;
  text?: string | null;
  favorite: boolean;
  tags: string[];
  createdAt: string;
}

export interface Settings {
  defaultModel: string;
  width: number;
  height: number;
  steps: number;
  outputFormat: string;
}

export interface User {
  id: string;
  userName: string;
  role: string;
  disabled: boolean;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  revokedAt?: string | null;
  key?: string;
}

/** One live notification from /api/notifications/stream. */
export interface LiveEvent {
  id?: string;
  type: string;
  jobId?: string | null;
  orderId?: string | null;
  data?: Record<string, unknown> | null;
  at?: string;
}

import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import type { Job, LiveEvent } from '../api/types';
import { initialJobs, isTerminal, jobsReducer } from './jobTracker';

type Listener = (event: LiveEvent) => void;
type LiveState = 'connecting' | 'live' | 'offline';

interface LiveContextValue {
  state: LiveState;
  subscribe: (listener: Listener) => () => void;
}

const LiveContext = createContext<LiveContextValue>({ state: 'offline', subscribe: () => () => {} });

const eventTypes = [
  'job.queued', 'job.running', 'job.progress', 'job.outputs', 'job.succeeded', 'job.failed', 'job.canceled',
  'order.submitted', 'order.imageProcessed', 'order.uploaded', 'order.completed', 'order.failed', 'order.statusChanged',
];

/** One EventSource per signed-in tab; the browser reconnects by itself and resumes with Last-Event-ID. */
export function LiveEventsProvider({ token, children }: { token: string | null; children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const [state, setState] = useState<LiveState>('offline');

  useEffect(() => {
    if (!token || typeof EventSource === 'undefined') return;
    setState('connecting');
    const source = new EventSource(`/api/notifications/stream?access_token=${encodeURIComponent(token)}`);
    source.onopen = () => setState('live');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    const handle = (message: MessageEvent) => {
      try {
        const parsed = JSON.parse(message.data) as LiveEvent;
        const event = { ...parsed, type: parsed.type ?? message.type, id: parsed.id ?? message.lastEventId };
        listeners.current.forEach((listener) => listener(event));
      } catch {
        // A frame that is not JSON is not a notification.
      }
    };
    eventTypes.forEach((type) => source.addEventListener(type, handle));
    source.onmessage = handle;
    return () => {
      source.close();
      setState('offline');
    };
  }, [token]);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const value = useMemo(() => ({ state, subscribe }), [state, subscribe]);

  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export const useLive = () => useContext(LiveContext);

/**
 * Tracks the jobs a page starts: live events move them along, and a slow poll covers events missed while the stream
 * was reconnecting.
 */
export function useJobTracker(load: (id: string) => Promise<Job>, pollMs = 2500) {
  const [state, dispatch] = useReducer(jobsReducer, initialJobs);
  const { subscribe } = useLive();
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => subscribe((event) => dispatch({ type: 'event', event })), [subscribe]);

  const pending = state.order.filter((id) => !isTerminal(state.jobs[id].status));
  const pendingKey = pending.join(',');
  useEffect(() => {
    if (!pendingKey) return;
    const timer = setInterval(() => {
      for (const id of pendingKey.split(',')) {
        loadRef.current(id).then((job) => dispatch({ type: 'snapshot', job }), () => {});
      }
    }, pollMs);
    return () => clearInterval(timer);
  }, [pendingKey, pollMs]);

  return {
    jobs: state.order.map((id) => state.jobs[id]),
    track: (job: Job) => dispatch({ type: 'track', job }),
    forget: (id: string) => dispatch({ type: 'forget', id }),
  };
}

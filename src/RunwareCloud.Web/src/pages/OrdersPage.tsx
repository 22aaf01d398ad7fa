import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { Api, asList } from '../api/endpoints';
import type { LiveEvent } from '../api/types';
import { Empty, ErrorBox, Field, fieldError, Spinner } from '../components/ui';
import { useLive } from '../live/LiveEvents';

type Row = Record<string, unknown> & { id?: string; status?: string; name?: string };

const unavailable = (error: unknown) => error instanceof ApiError && [0, 404, 502, 503].includes(error.status);

export function OrdersPage() {
  const [events, setEvents] = useState<Row[]>([]);
  const [orders, setOrders] = useState<Row[]>([]);
  const [state, setState] = useState<'loading' | 'ready' | 'unavailable' | 'error'>('loading');
  const [error, setError] = useState<unknown>(null);
  const [eventId, setEventId] = useState('');
  const [customer, setCustomer] = useState('');
  const [createError, setCreateError] = useState<unknown>(null);
  const [activity, setActivity] = useState<LiveEvent[]>([]);
  const { subscribe } = useLive();

  const refresh = async () => {
    try {
      const [e, o] = await Promise.all([Api.events(), Api.orders()]);
      setEvents(asList<Row>(e));
      setOrders(asList<Row>(o));
      setState('ready');
    } catch (failure) {
      setError(failure);
      setState(unavailable(failure) ? 'unavailable' : 'error');
    }
  };

  useEffect(() => {
    refresh();
    return subscribe((event) => {
      if (!event.type.startsWith('order.')) return;
      setActivity((current) => [event, ...current].slice(0, 20));
      refresh();
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [subscribe]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setCreateError(null);
    try {
      await Api.createOrder({ eventId: eventId || undefined, customerName: customer || undefined });
      setCustomer('');
      await refresh();
    } catch (failure) {
      setCreateError(failure);
    }
  };

  if (state === 'loading') return <div className="center"><Spinner /></div>;
  if (state === 'unavailable') {
    return (
      <div>
        <h1>Orders</h1>
        <Empty title="Orders are not available yet">The orders service is not answering. Photo orders will appear here once it is running.</Empty>
      </div>
    );
  }

  return (
    <div className="split">
      <section className="card form" aria-label="New order">
        <h1>Orders</h1>
        <form onSubmit={create} noValidate>
          <Field label="Event" htmlFor="orderEvent" error={fieldError(createError, 'eventId')}>
            <select id="orderEvent" value={eventId} onChange={(e) => setEventId(e.target.value)}>
              <option value="">Choose an event…</option>
              {events.map((e) => <option key={String(e.id)} value={String(e.id)}>{String(e.name ?? e.pmrEventId ?? e.id)}</option>)}
            </select>
          </Field>
          <Field label="Customer" htmlFor="orderCustomer" error={fieldError(createError, 'customerName')}>
            <input id="orderCustomer" value={customer} onChange={(e) => setCustomer(e.target.value)} />
          </Field>
          {createError instanceof ApiError && Object.keys(createError.fieldErrors).length > 0 ? null : <ErrorBox error={createError} />}
          <button type="submit" className="btn primary">Create order</button>
        </form>
        {activity.length > 0 && (
          <>
            <h2>Live activity</h2>
            <ul className="activity">{activity.map((a, i) => <li key={a.id ?? i}><span className="badge">{a.type}</span> {a.orderId}</li>)}</ul>
          </>
        )}
      </section>
      <section className="results" aria-label="Orders list">
        <ErrorBox error={state === 'error' ? error : null} />
        {orders.length === 0 ? <Empty title="No orders yet">Create one to send photos to the PMR.</Empty> : (
          <table className="table">
            <thead><tr><th>Order</th><th>Event</th><th>Status</th><th>Created</th></tr></thead>
            <tbody>
              {orders.map((o) => (
                <tr key={String(o.id)}>
                  <td>{String(o.customerName ?? o.name ?? o.id).slice(0, 36)}</td>
                  <td>{String(o.eventId ?? '')}</td>
                  <td><span className={`badge badge-${o.status}`}>{String(o.status ?? '')}</span></td>
                  <td>{o.createdAt ? new Date(String(o.createdAt)).toLocaleString() : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { Api } from '../api/endpoints';
import type { ApiKey, User } from '../api/types';
import { useAuth } from '../auth';
import { Empty, ErrorBox, Field, fieldError } from '../components/ui';

const roles = ['admin', 'manager', 'user', 'viewer'];

export function AdminPage() {
  const { me } = useAuth();
  return (
    <div className="stack">
      <h1>Administration</h1>
      {me?.role === 'admin' ? <Users /> : <p className="muted">Only administrators manage users.</p>}
      <Keys />
    </div>
  );
}

function Users() {
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState({ userName: '', password: '', role: 'user' });
  const [createError, setCreateError] = useState<unknown>(null);

  const load = () => Api.users().then(setUsers, setError);
  useEffect(() => { load(); }, []);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setCreateError(null);
    try {
      await Api.createUser(form.userName.trim(), form.password, form.role);
      setForm({ userName: '', password: '', role: 'user' });
      await load();
    } catch (failure) {
      setCreateError(failure);
    }
  };
  const update = async (id: string, change: { role?: string; disabled?: boolean }) => {
    setError(null);
    try {
      const updated = await Api.updateUser(id, change);
      setUsers((current) => current?.map((u) => (u.id === id ? { ...u, ...updated } : u)) ?? null);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section className="card" aria-label="Users">
      <h2>Users</h2>
      <form className="grid-4" onSubmit={create} noValidate>
        <Field label="User name" htmlFor="newUserName" error={fieldError(createError, 'userName')}>
          <input id="newUserName" autoComplete="off" value={form.userName} onChange={(e) => setForm({ ...form, userName: e.target.value })} />
        </Field>
        <Field label="Password" htmlFor="newPassword" error={fieldError(createError, 'password')}>
          <input id="newPassword" type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </Field>
        <Field label="Role" htmlFor="newRole" error={fieldError(createError, 'role')}>
          <select id="newRole" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
            {roles.map((r) => <option key={r}>{r}</option>)}
          </select>
        </Field>
        <div className="field end"><button type="submit" className="btn primary">Add user</button></div>
      </form>
      {createError instanceof ApiError && Object.keys(createError.fieldErrors).length > 0 ? null : <ErrorBox error={createError} />}
      <ErrorBox error={error} />
      {users && users.length === 0 && <Empty title="No users" />}
      {users && users.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>User</th><th>Role</th><th>Status</th><th /></tr></thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.userName}</td>
                  <td>
                    <select aria-label={`Role of ${u.userName}`} value={u.role} onChange={(e) => update(u.id, { role: e.target.value })}>
                      {roles.map((r) => <option key={r}>{r}</option>)}
                    </select>
                  </td>
                  <td>{u.disabled ? <span className="badge badge-failed">Disabled</span> : <span className="badge badge-succeeded">Active</span>}</td>
                  <td><button type="button" className="btn small ghost" onClick={() => update(u.id, { disabled: !u.disabled })}>{u.disabled ? 'Enable' : 'Disable'}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Keys() {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<ApiKey | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = () => Api.keys().then(setKeys, setError);
  useEffect(() => { load(); }, []);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setCreated(await Api.createKey(name.trim()));
      setName('');
      await load();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section className="card" aria-label="API keys">
      <h2>API keys</h2>
      <form className="row" onSubmit={create} noValidate>
        <Field label="Key name" htmlFor="keyName" error={fieldError(error, 'name')}>
          <input id="keyName" value={name} onChange={(e) => setName(e.target.value)} placeholder="ci-pipeline" />
        </Field>
        <button type="submit" className="btn primary">Create key</button>
      </form>
      {created?.key && (
        <div className="notice" role="status">
          <p>Copy this key now; it is not shown again.</p>
          <code className="secret">{created.key}</code>
          <button type="button" className="btn small" onClick={() => navigator.clipboard?.writeText(created.key!)}>Copy</button>
        </div>
      )}
      <ErrorBox error={error && !fieldError(error, 'name') ? error : null} />
      {keys && keys.length === 0 && <Empty title="No API keys">Keys let scripts call the API without a password.</Empty>}
      {keys && keys.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Name</th><th>Prefix</th><th>Created</th><th /></tr></thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td><td><code>{k.prefix}</code></td><td>{new Date(k.createdAt).toLocaleDateString()}</td>
                  <td>{k.revokedAt ? <span className="muted">Revoked</span> : (
                    <button type="button" className="btn small danger" onClick={() => Api.revokeKey(k.id).then(load, setError)}>Revoke</button>
                  )}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

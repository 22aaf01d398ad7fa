import { useState, type FormEvent } from 'react';
import { useAuth } from '../auth';
import { ErrorBox, Field, fieldError } from '../components/ui';

export function LoginPage() {
  const { signIn } = useAuth();
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await signIn(userName.trim(), password);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="card form" onSubmit={submit} noValidate aria-label="Sign in">
        <div className="brand big"><span className="logo" aria-hidden="true" />RunwareCloud</div>
        <p className="muted">Sign in to generate, edit and organise your images.</p>
        <Field label="User name" htmlFor="userName" error={fieldError(error, 'userName')}>
          <input id="userName" autoComplete="username" autoFocus value={userName} onChange={(e) => setUserName(e.target.value)} />
        </Field>
        <Field label="Password" htmlFor="password" error={fieldError(error, 'password')}>
          <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <ErrorBox error={error} />
        <button type="submit" className="btn primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}

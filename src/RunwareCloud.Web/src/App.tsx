import { useState } from 'react';
import { BrowserRouter, NavLink, Navigate, Route, Routes } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth';
import { LiveEventsProvider, useLive } from './live/LiveEvents';
import { AdminPage } from './pages/AdminPage';
import { GalleryPage } from './pages/GalleryPage';
import { GeneratePage } from './pages/GeneratePage';
import { LoginPage } from './pages/LoginPage';
import { OrdersPage } from './pages/OrdersPage';
import { SettingsPage } from './pages/SettingsPage';
import { ToolsPage } from './pages/ToolsPage';
import { VideoPage } from './pages/VideoPage';

const links = [
  ['/', 'Generate'], ['/video', 'Video'], ['/tools', 'Tools'], ['/gallery', 'Gallery'], ['/orders', 'Orders'],
  ['/settings', 'Settings'], ['/admin', 'Admin'],
] as const;

function LiveBadge() {
  const { state } = useLive();
  const label = state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Offline';
  return <span className={`live live-${state}`} title="Live updates" role="status"><span className="dot" />{label}</span>;
}

function Shell() {
  const { me, signOut } = useAuth();
  const [open, setOpen] = useState(false);
  return (
    <div className="shell">
      <a className="skip" href="#main">Skip to content</a>
      <header className="topbar">
        <div className="brand"><span className="logo" aria-hidden="true" />RunwareCloud</div>
        <button type="button" className="btn ghost menu" aria-expanded={open} aria-controls="nav" onClick={() => setOpen(!open)}>Menu</button>
        <nav id="nav" className={open ? 'open' : ''} aria-label="Main">
          {links.filter(([to]) => to !== '/admin' || me?.role === 'admin').map(([to, label]) => (
            <NavLink key={to} to={to} end={to === '/'} onClick={() => setOpen(false)}>{label}</NavLink>
          ))}
        </nav>
        <div className="who">
          <LiveBadge />
          <span className="muted small">{me ? `${me.userName} · ${me.role}` : ''}</span>
          <button type="button" className="btn small ghost" onClick={signOut}>Sign out</button>
        </div>
      </header>
      <main id="main" className="content">
        <Routes>
          <Route path="/" element={<GeneratePage />} />
          <Route path="/video" element={<VideoPage />} />
          <Route path="/tools" element={<ToolsPage />} />
          <Route path="/gallery" element={<GalleryPage />} />
          <Route path="/orders" element={<OrdersPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/admin" element={<AdminPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </main>
    </div>
  );
}

function Gate() {
  const { token } = useAuth();
  return (
    <LiveEventsProvider token={token}>
      {token ? <Shell /> : <LoginPage />}
    </LiveEventsProvider>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <Gate />
      </AuthProvider>
    </BrowserRouter>
  );
}

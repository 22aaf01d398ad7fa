import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { configureClient } from './api/client';
import { Api } from './api/endpoints';
import type { Me } from './api/types';

const storageKey = 'runwarecloud.token';

interface AuthValue {
  token: string | null;
  me: Me | null;
  signIn: (userName: string, password: string) => Promise<void>;
  signOut: () => void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => localStorage.getItem(storageKey));
  const [me, setMe] = useState<Me | null>(null);

  const signOut = useCallback(() => {
    localStorage.removeItem(storageKey);
    setToken(null);
    setMe(null);
  }, []);

  configureClient(() => token, signOut);

  useEffect(() => {
    if (!token) return;
    let live = true;
    Api.me().then((value) => live && setMe(value), () => live && signOut());
    return () => {
      live = false;
    };
  }, [token, signOut]);

  const signIn = useCallback(async (userName: string, password: string) => {
    const result = await Api.signIn(userName, password);
    localStorage.setItem(storageKey, result.accessToken);
    configureClient(() => result.accessToken, signOut);
    setToken(result.accessToken);
  }, [signOut]);

  return <AuthContext.Provider value={{ token, me, signIn, signOut }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

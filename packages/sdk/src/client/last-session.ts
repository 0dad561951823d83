import type { Me } from "@teamchat/protocol";

/**
 * Who was signed in last on this device (profile only, never a token), so a reload without
 * network can open that user's cache and show their chats while the session is re-established.
 */
export interface LastSessionStore {
  load(): Me | null;
  save(me: Me | null): void;
}

export function memoryLastSession(): LastSessionStore {
  let me: Me | null = null;
  return { load: () => me, save: (value) => (me = value) };
}

/** Browser implementation on localStorage (falls back to memory when storage is unavailable). */
export function localStorageLastSession(key = "teamchat:last-session"): LastSessionStore {
  const storage = (
    globalThis as {
      localStorage?: {
        getItem(k: string): string | null;
        setItem(k: string, v: string): void;
        removeItem(k: string): void;
      };
    }
  ).localStorage;
  if (!storage) return memoryLastSession();
  return {
    load: () => {
      try {
        const raw = storage.getItem(key);
        return raw ? (JSON.parse(raw) as Me) : null;
      } catch {
        return null;
      }
    },
    save: (me) => {
      try {
        if (me) storage.setItem(key, JSON.stringify(me));
        else storage.removeItem(key);
      } catch {
        // Private mode or quota: offline start is then unavailable, nothing else breaks.
      }
    },
  };
}

import {
  ChatClient,
  ChatError,
  cacheDatabaseName,
  deleteCacheDatabase,
  IndexedDbCacheStore,
  localStorageLastSession,
} from "@teamchat/sdk";
import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { Provider } from "react-redux";
import { ChatStoreContext } from "../app/hooks.js";
import { createStore } from "../app/store.js";
import { restoreSession } from "../features/session/thunks.js";
import { connectBridge } from "../sdk-bridge/bridge.js";
import { EmbedModeContext } from "./embed-context.js";

export type ChatProviderProps = {
  /** Where the chat server is; may be another origin (list the host's origin in its ALLOWED_ORIGINS). */
  serverUrl: string;
  /**
   * The host app's JWT for the signed-in person: exchanged once for a chat session (single
   * sign-on, no second login). `null`: the host user signed out, so the chat signs out too.
   * Neither `token` nor `getToken`: the stand-alone app (own sign-in screen).
   */
  token?: string | null;
  /** Alternative to `token`: called when a (new) host token is needed. */
  getToken?: () => Promise<string>;
  children: ReactNode;
};

/**
 * Owns one ChatClient and a private Redux store (own react-redux context), so it nests inside a
 * host app's own Provider and router without touching either. Put it high in the host's tree so
 * `<UnreadBadge/>` in the navbar and `<ChatLayout/>` on a page share one connection.
 */
export function ChatProvider({ serverUrl, token, getToken, children }: ChatProviderProps) {
  const standalone = token === undefined && getToken === undefined;
  const [signInError, setSignInError] = useState<string | null>(null);
  // One client and store for the provider's lifetime (`serverUrl` is read once).
  const [{ client, store }] = useState(() => {
    const client = new ChatClient({
      serverUrl,
      openCache: (userId) => new IndexedDbCacheStore(cacheDatabaseName(userId)),
      deleteCache: (userId) => deleteCacheDatabase(cacheDatabaseName(userId)),
      lastSession: localStorageLastSession(),
    });
    return { client, store: createStore(client) };
  });
  // A host may pass a new getToken function on every render: only a new token signs on again.
  const getTokenRef = useRef(getToken);
  getTokenRef.current = getToken;

  useEffect(() => {
    const disconnect = connectBridge(client, store);
    // Embedded, a session that ends by itself (deprovisioned by the host) says so, not "Loading…".
    const offSession = client.on("session", (me) => {
      if (!standalone) setSignInError(me ? null : "The chat session has ended");
    });
    return () => {
      offSession();
      disconnect();
      client.stop();
    };
  }, [client, store, standalone]);

  useEffect(() => {
    if (standalone) {
      void store.dispatch(restoreSession());
      return;
    }
    let cancelled = false;
    const signOn = async () => {
      if (token === null) return client.logout();
      const hostToken = token ?? (await getTokenRef.current?.());
      if (!hostToken || cancelled) return;
      await client.signInWithHostToken(hostToken);
    };
    setSignInError(null);
    signOn().catch((err: unknown) => {
      if (cancelled) return;
      setSignInError(err instanceof ChatError ? err.message : "The chat server cannot be reached");
      client.stop();
    });
    return () => {
      cancelled = true;
    };
  }, [client, store, standalone, token]);

  const mode = useMemo(() => ({ standalone, signInError }), [standalone, signInError]);
  return (
    <EmbedModeContext.Provider value={mode}>
      <Provider store={store} context={ChatStoreContext}>
        {children}
      </Provider>
    </EmbedModeContext.Provider>
  );
}

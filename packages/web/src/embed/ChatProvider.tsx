import {
  ChatClient,
  deleteIndexedDbCache,
  lazyIndexedDbCache,
  localStorageLastSession,
  memoryLastSession,
} from "@teamchat/sdk";
import { type ReactElement, type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { Provider } from "react-redux";
import { ChatStoreContext } from "../app/hooks.js";
import { createStore } from "../app/store.js";
import { selectTotalUnread } from "../features/chats/selectors.js";
import { toastForMessage } from "../features/notifications/inAppToasts.js";
import { restoreSession } from "../features/session/thunks.js";
import { connectBridge } from "../sdk-bridge/bridge.js";
import { EmbedModeContext, type EmbedPhase } from "./embed-context.js";
import { failure, SignOnError, signOn, storeSubject, tokenSubject } from "./sign-on.js";
import type { EmbedErrorCode } from "./types.js";

export type ChatProviderProps = {
  /** Where the chat server is; may be another origin (list the host's origin in its ALLOWED_ORIGINS). */
  serverUrl: string;
  /**
   * The host app's JWT for the signed-in person (single sign-on, no second login). The chat
   * resumes its own session (refresh cookie) when it can and exchanges this token otherwise.
   * `null`: the host user signed out, so the chat signs out too. Neither `token` nor
   * `getToken`: the stand-alone app (own sign-in screen).
   */
  token?: string | null | undefined;
  /**
   * Alternative to `token`: a fresh host token, asked at sign-on and again whenever the chat
   * session cannot be refreshed (across sites there is no refresh cookie). `null`: nobody.
   */
  getToken?: (() => Promise<string | null>) | undefined;
  /** Sign-on failed (shown in `<ChatLayout/>` with a Retry): e.g. "SSO_TOKEN_EXPIRED". */
  onError?: ((code: EmbedErrorCode) => void) | undefined;
  /** A running chat session ended by itself: e.g. "ACCOUNT_DISABLED", "SSO_TOKEN_EXPIRED". */
  onSessionEnd?: ((reason: EmbedErrorCode) => void) | undefined;
  /** Unread messages across my chats, whenever the total changes (0 when nobody is signed on). */
  onUnreadChange?: ((total: number) => void) | undefined;
  /** Longest wait for a sign-on before it counts as failed ("SIGN_ON_TIMEOUT"). */
  signOnTimeoutMs?: number | undefined;
  children: ReactNode;
};

type Instance = { client: ChatClient; store: ReturnType<typeof createStore> };

/**
 * Owns one ChatClient and a private Redux store (own react-redux context), so it nests inside a
 * host app's own Provider and router without touching either. Put it high in the host's tree so
 * `<UnreadBadge/>` in the navbar and `<ChatLayout/>` on a page share one connection. A new
 * `serverUrl` or a new person gets a new client and store: nothing of the previous one shows.
 */
export function ChatProvider(props: ChatProviderProps): ReactElement {
  const { serverUrl, token, getToken, signOnTimeoutMs = 15_000, children } = props;
  const standalone = token === undefined && getToken === undefined;
  const callbacks = useRef(props);
  callbacks.current = props;
  // Read when a host token is needed, so a host passing a new getToken each render changes nothing.
  const hostToken = useRef(async () => {
    const { token, getToken } = callbacks.current;
    return token !== undefined ? token : ((await getToken?.()) ?? null);
  }).current;

  const person = token ? tokenSubject(token) : token === null ? "(signed out)" : "";
  const [generation, setGeneration] = useState(0);
  const [attempt, setAttempt] = useState(0);
  const runs = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new person or generation needs a new instance
  const instance = useMemo<Instance>(() => {
    const client = new ChatClient({
      serverUrl,
      // Dexie loads in a chunk of its own as the session restores, not in the page's first task.
      openCache: lazyIndexedDbCache,
      deleteCache: deleteIndexedDbCache,
      // Embedded, a server that cannot be reached is a visible failure, not an offline session.
      lastSession: standalone ? localStorageLastSession() : memoryLastSession(),
      ...(!standalone && { hostToken }),
    });
    return { client, store: createStore(client) };
  }, [serverUrl, standalone, person, generation, hostToken]);

  const [phase, setPhase] = useState<EmbedPhase>({ kind: standalone ? "ready" : "signing-on" });
  const phaseRef = useRef(phase);
  phaseRef.current = phase;

  useEffect(() => {
    const { client, store } = instance;
    const disconnect = connectBridge(client, store, { onMessage: toastForMessage });
    const offSession = client.on("session", (me) => {
      if (standalone || me || phaseRef.current.kind !== "ready") return;
      const reason = client.sessionEndReason ?? "SESSION_ENDED";
      if (reason === "USER_CHANGED") {
        setGeneration((g) => g + 1);
        return;
      }
      setPhase({ kind: "ended", failure: failure(reason) });
      callbacks.current.onSessionEnd?.(reason);
    });
    return () => {
      offSession();
      disconnect();
      client.stop();
    };
  }, [instance, standalone]);

  // A host renewing its JWT for the same person changes nothing here (the next renewal reads
  // it); a new person has a new instance; a sign-out or a Retry signs on (or off) again.
  const signedOutByHost = token === null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    const { client, store } = instance;
    if (standalone) {
      void store.dispatch(restoreSession());
      return;
    }
    if (signedOutByHost) {
      storeSubject(serverUrl, null);
      setPhase({ kind: "signed-out" });
      void client.logout();
      return;
    }
    // Only the latest run acts (StrictMode runs effects twice; a Retry starts another run).
    const run = ++runs.current;
    let done = false;
    setPhase({ kind: "signing-on" });
    const fail = (code: EmbedErrorCode, message?: string) => {
      done = true;
      client.stop();
      setPhase({ kind: "failed", failure: message ? { code, message } : failure(code) });
      callbacks.current.onError?.(code);
    };
    const timer = setTimeout(() => {
      if (runs.current === run && !done) fail("SIGN_ON_TIMEOUT");
    }, signOnTimeoutMs);
    signOn(client, serverUrl, hostToken).then(
      () => {
        clearTimeout(timer);
        if (runs.current !== run) return;
        if (done) return client.stop(); // answered after the timeout: stay failed (Retry)
        done = true;
        setPhase({ kind: "ready" });
      },
      (err: unknown) => {
        clearTimeout(timer);
        if (runs.current !== run || done) return;
        const f = err instanceof SignOnError ? err.failure : failure("SERVER_UNREACHABLE");
        fail(f.code, f.message);
      },
    );
    return () => clearTimeout(timer);
  }, [instance, standalone, signedOutByHost, attempt]);

  // The host's badge follows the signed-on person only; 0 before and after.
  const ready = phase.kind === "ready";
  useEffect(() => {
    const { store } = instance;
    let last = -1;
    const report = () => {
      const total = ready ? selectTotalUnread(store.getState()) : 0;
      if (total === last) return;
      last = total;
      callbacks.current.onUnreadChange?.(total);
    };
    report();
    return store.subscribe(report);
  }, [instance, ready]);

  const mode = useMemo(() => ({ standalone, phase, retry: () => setAttempt((a) => a + 1) }), [standalone, phase]);
  return (
    <EmbedModeContext.Provider value={mode}>
      <Provider store={instance.store} context={ChatStoreContext}>
        {children}
      </Provider>
    </EmbedModeContext.Provider>
  );
}

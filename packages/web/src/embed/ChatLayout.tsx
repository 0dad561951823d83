import { lazy, type ReactElement, type ReactNode, Suspense, useEffect } from "react";
import { Toaster, toast } from "sonner";
import { useAppDispatch, useAppSelector } from "../app/hooks.js";
import { AuthScreen } from "../features/auth/AuthScreen.js";
import { useEmbedMode } from "./embed-context.js";
import { openInitialChat } from "./open-chat.js";
import type { InitialChat } from "./types.js";

/**
 * The signed-in app (list, conversation, menus, the virtualized list) is a chunk of its own: the
 * sign-in screen never evaluates it, and a signed-in cold start evaluates it in a task of its own
 * after the main bundle, so neither is one long block (issue 15, "never block > 50 ms on open").
 * Fetched as soon as a session may exist (restoring), so it is there by the time it is needed.
 */
let signedInChunk: Promise<{ default: typeof import("../app/ChatLayout.js").ChatLayout }> | null = null;
const loadSignedInLayout = () => {
  signedInChunk ??= import("../app/ChatLayout.js").then((m) => ({ default: m.ChatLayout }));
  return signedInChunk;
};
const SignedInLayout = lazy(loadSignedInLayout);

export type ChatLayoutProps = {
  /**
   * Open this chat once signed on, and again whenever it changes: `{ chatId }`, or
   * `{ withExternalId: "emp-1002" }` for the direct chat with the person the host calls emp-1002.
   */
  initialChat?: InitialChat | undefined;
};

/**
 * The whole chat (list + conversation), filling its container. Everything it draws sits under
 * one `.tc-root` element: the chat's styles are scoped to it and never reach the host's page.
 * Embedded, every state says what it is: signing on (bounded by the provider's timeout), a
 * failure or an ended session with its reason and a Retry, signed out.
 */
export function ChatLayout({ initialChat }: ChatLayoutProps = {}): ReactElement {
  const status = useAppSelector((s) => s.session.status);
  const { standalone, phase, retry } = useEmbedMode();
  const dispatch = useAppDispatch();
  const signedIn = status === "signed-in" && phase.kind === "ready";
  const target = initialChat ? JSON.stringify(initialChat) : null;
  if (status !== "signed-out") void loadSignedInLayout();

  useEffect(() => {
    if (!signedIn || !target) return;
    dispatch(openInitialChat(JSON.parse(target) as InitialChat)).catch((err: unknown) => {
      toast.error(`That chat cannot be opened: ${err instanceof Error ? err.message : "unknown error"}`);
    });
  }, [signedIn, target, dispatch]);

  let body: ReactNode;
  if (standalone) {
    body = status === "restoring" ? <Waiting /> : status === "signed-out" ? <AuthScreen /> : <SignedInLayout />;
  } else if (phase.kind === "failed" || phase.kind === "ended") {
    const title = phase.kind === "failed" ? "Chat sign-in failed" : "The chat session has ended";
    body = (
      <div className="flex h-full flex-col items-center justify-center gap-3 p-6 text-center">
        <div role="alert" data-testid="tc-chat-problem" data-code={phase.failure.code}>
          <p className="font-semibold text-red-700 dark:text-red-300">{title}</p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-300">{phase.failure.message}</p>
        </div>
        <button
          type="button"
          onClick={retry}
          className="rounded-full bg-brand px-4 py-1.5 font-medium text-sm text-white hover:bg-brand-dark"
        >
          Retry
        </button>
      </div>
    );
  } else if (phase.kind === "signed-out") {
    body = (
      <div className="flex h-full items-center justify-center text-zinc-500" role="status">
        Signed out of the chat
      </div>
    );
  } else {
    body = phase.kind === "ready" && status === "signed-in" ? <SignedInLayout /> : <Waiting />;
  }

  return (
    <div className="tc-root tc-app">
      <Suspense fallback={<Waiting />}>{body}</Suspense>
      {/* Bottom of the list pane: over neither the chat header, the composer nor sign-out. */}
      <Toaster richColors closeButton position="bottom-left" offset={16} mobileOffset={{ bottom: 88 }} />
    </div>
  );
}

function Waiting() {
  return (
    <div className="flex h-full items-center justify-center text-zinc-500" role="status">
      Loading…
    </div>
  );
}

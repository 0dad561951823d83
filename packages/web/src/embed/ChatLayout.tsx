import { Toaster } from "sonner";
import { ChatLayout as SignedInLayout } from "../app/ChatLayout.js";
import { useAppSelector } from "../app/hooks.js";
import { AuthScreen } from "../features/auth/AuthScreen.js";
import { useEmbedMode } from "./embed-context.js";

/**
 * The whole chat (list + conversation), filling its container. Everything it draws sits under
 * one `.tc-root` element: the chat's styles are scoped to it and never reach the host's page.
 */
export function ChatLayout() {
  const status = useAppSelector((s) => s.session.status);
  const { standalone, signInError } = useEmbedMode();
  const waiting = status === "restoring" || (!standalone && status === "signed-out" && !signInError);

  return (
    <div className="tc-root tc-app">
      {waiting && (
        <div className="flex h-full items-center justify-center text-zinc-500" role="status">
          Loading…
        </div>
      )}
      {status === "signed-out" && standalone && <AuthScreen />}
      {status === "signed-out" && !standalone && signInError && (
        <div className="flex h-full items-center justify-center p-6 text-center text-red-700" role="alert">
          Chat sign-in failed: {signInError}
        </div>
      )}
      {status === "signed-in" && <SignedInLayout />}
      <Toaster richColors closeButton position="top-center" />
    </div>
  );
}

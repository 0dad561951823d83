import { useEffect } from "react";
import { Toaster } from "sonner";
import { AuthScreen } from "../features/auth/AuthScreen.js";
import { restoreSession } from "../features/session/thunks.js";
import { ChatLayout } from "./ChatLayout.js";
import { useAppDispatch, useAppSelector } from "./hooks.js";

export function App() {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);

  useEffect(() => {
    dispatch(restoreSession());
  }, [dispatch]);

  return (
    <>
      {status === "restoring" && (
        <div className="flex h-full items-center justify-center text-zinc-500" role="status">
          Loading…
        </div>
      )}
      {status === "signed-out" && <AuthScreen />}
      {status === "signed-in" && <ChatLayout />}
      <Toaster richColors closeButton position="top-center" />
    </>
  );
}

import { useEffect } from "react";
import { Toaster } from "sonner";
import { AuthScreen } from "../features/auth/AuthScreen.js";
import { chatSelected } from "../features/chats/chatsSlice.js";
import { watchOpenChatRequests } from "../features/notifications/openChatRequests.js";
import { restoreSession } from "../features/session/thunks.js";
import { ChatLayout } from "./ChatLayout.js";
import { useAppDispatch, useAppSelector } from "./hooks.js";

export function App() {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);

  useEffect(() => {
    dispatch(restoreSession());
    // A click on a notification opens its chat (in this tab, or in the window it opened).
    return watchOpenChatRequests((chatId) => dispatch(chatSelected(chatId)));
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

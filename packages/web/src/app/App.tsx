import { useEffect } from "react";
import { ChatLayout } from "../embed/ChatLayout.js";
import { chatSelected } from "../features/chats/chatsSlice.js";
import { watchOpenChatRequests } from "../features/notifications/openChatRequests.js";
import { useAppDispatch } from "./hooks.js";

/** The stand-alone app: the embeddable layout plus what only a page of its own may do. */
export function App() {
  const dispatch = useAppDispatch();
  // A click on a notification opens its chat (in this tab, or in the window it opened).
  useEffect(() => watchOpenChatRequests((chatId) => dispatch(chatSelected(chatId))), [dispatch]);
  return <ChatLayout />;
}

/**
 * What the service worker posts to an open tab when a notification is clicked. Shared by the
 * worker (src/sw) and the page, so it must use no DOM- or worker-only types.
 */
export const OPEN_CHAT_MESSAGE = "open-chat";
export type OpenChatMessage = { type: typeof OPEN_CHAT_MESSAGE; chatId: string };

export function isOpenChatMessage(data: unknown): data is OpenChatMessage {
  const candidate = data as Partial<OpenChatMessage> | null;
  return candidate?.type === OPEN_CHAT_MESSAGE && typeof candidate.chatId === "string";
}

/** The query parameter of a notification's url (`/?chat=<chatId>`), for a freshly opened window. */
export const CHAT_QUERY_PARAM = "chat";

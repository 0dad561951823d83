/**
 * The embeddable chat for a host web app: `<ChatProvider>` (one connection, private store),
 * `<ChatLayout/>` (the whole chat) and `<UnreadBadge/>` (for the host's navbar). Styles come in
 * `@teamchat/web/embed.css`, scoped to `.tc-root`.
 */
import "../styles/index.css";

export { ChatLayout, type ChatLayoutProps } from "./ChatLayout.js";
export { ChatProvider, type ChatProviderProps } from "./ChatProvider.js";
export type { EmbedErrorCode, InitialChat } from "./types.js";
export { UnreadBadge, type UnreadBadgeProps } from "./UnreadBadge.js";

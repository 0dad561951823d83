import type { ChatSummary } from "@teamchat/protocol";
import { format } from "date-fns";
import { RotateCcw } from "lucide-react";
import { lazy, memo, Suspense } from "react";
import { useAppDispatch } from "../../app/hooks.js";
import { MessageAttachments } from "../files/MessageAttachments.js";
import { MessageActions } from "./MessageActions.js";
import type { UiMessage } from "./messagesSlice.js";
import { Reactions } from "./Reactions.js";
import { tickFor } from "./selectors.js";
import { Ticks } from "./Ticks.js";
import { retrySend } from "./thunks.js";

const MarkdownBody = lazy(() => import("./MarkdownBody.js"));

/** Plain text with the same wrapping, shown for the instant before the markdown chunk is there. */
function PlainBody({ text }: { text: string }) {
  return <div className="whitespace-pre-wrap">{text}</div>;
}

export const MessageBubble = memo(function MessageBubble({
  message,
  chat,
  myId,
  showSender,
  tail,
}: {
  message: UiMessage;
  chat: ChatSummary | undefined;
  myId: string | undefined;
  showSender: boolean;
  tail: boolean;
}) {
  const dispatch = useAppDispatch();
  const mine = message.senderId === myId;
  if (message.kind === "system") {
    return (
      <div className="my-1 flex justify-center" data-testid="system-message">
        <span className="rounded-lg bg-white/90 px-3 py-1 text-xs text-zinc-600 shadow-sm dark:bg-bubble-in-dark dark:text-zinc-300">
          {message.body}
        </span>
      </div>
    );
  }
  const sender = chat?.members.find((m) => m.user.id === message.senderId)?.user.displayName ?? "Former member";
  const deleted = message.deletedAt !== null;
  return (
    <div className={`flex px-[6%] ${mine ? "justify-end" : "justify-start"}`}>
      <div
        data-testid="message"
        data-seq={message.seq ?? undefined}
        data-mine={mine || undefined}
        className={`group relative max-w-[min(65%,42rem)] rounded-lg px-2.5 pt-1.5 pb-1 shadow-sm ${mine ? "bg-bubble-out dark:bg-bubble-out-dark" : "bg-white dark:bg-bubble-in-dark"} ${tail ? (mine ? "rounded-br-none" : "rounded-bl-none") : ""}`}
      >
        {showSender && !mine && (
          <div className="mb-0.5 font-medium text-brand-dark text-sm dark:text-brand">{sender}</div>
        )}
        {message.id && !deleted && message.status === "stored" && chat && (
          <MessageActions chatId={chat.id} messageId={message.id} body={message.body} mine={mine} />
        )}
        {!deleted && message.attachments && message.attachments.length > 0 && (
          <MessageAttachments chatId={message.chatId} attachments={message.attachments} />
        )}
        {(deleted || message.body !== "") && (
          <div className="break-words text-[0.95rem] leading-snug" data-testid="message-body">
            {deleted ? (
              <span className="text-zinc-500 italic dark:text-zinc-400">This message was deleted</span>
            ) : (
              <Suspense fallback={<PlainBody text={message.body} />}>
                <MarkdownBody text={message.body} />
              </Suspense>
            )}
          </div>
        )}
        {message.reactions.length > 0 && chat && message.id && (
          <Reactions chat={chat} messageId={message.id} reactions={message.reactions} myId={myId} />
        )}
        <div className="-mb-0.5 flex items-center justify-end gap-1 text-[0.7rem] text-zinc-500 dark:text-zinc-400">
          {message.editedAt && !deleted && <span data-testid="edited">edited</span>}
          <time dateTime={message.createdAt}>{format(new Date(message.createdAt), "HH:mm")}</time>
          {mine && <Ticks tick={tickFor(message, chat, myId)} />}
        </div>
        {message.status === "failed" && (
          <button
            type="button"
            onClick={() => message.clientId && dispatch(retrySend(message.clientId))}
            className="mt-1 inline-flex items-center gap-1 text-red-700 text-xs underline dark:text-red-300"
          >
            <RotateCcw size={12} aria-hidden="true" /> Not sent{message.error ? ` (${message.error})` : ""}. Retry
          </button>
        )}
      </div>
    </div>
  );
});

import type { ChatSummary } from "@teamchat/protocol";
import { format } from "date-fns";
import { Building2, Forward, Pin, RotateCcw, Star, Timer } from "lucide-react";
import { lazy, memo, Suspense, useState } from "react";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { MessageAttachments } from "../files/MessageAttachments.js";
import { LinkPreviewCard } from "../link-previews/LinkPreviewCard.js";
import { VoiceNote } from "../voice/VoiceNote.js";
import { MessageActions, type MessageRef, startReply } from "./MessageActions.js";
import { dialogOpened, type UiMessage } from "./messagesSlice.js";
import { Reactions } from "./Reactions.js";
import { ReplyQuote } from "./ReplyQuote.js";
import { tickFor } from "./selectors.js";
import { systemTextFor } from "./system-text.js";
import { Ticks } from "./Ticks.js";
import { jumpToMessage, retrySend } from "./thunks.js";
import { useMessageGestures } from "./useMessageGestures.js";

const MarkdownBody = lazy(() => import("./MarkdownBody.js"));

/** Plain text with the same wrapping, shown for the instant before the markdown chunk is there. */
function PlainBody({ text }: { text: string }) {
  return <div className="whitespace-pre-wrap">{text}</div>;
}

/** The mentioned members with their current names (whose "@Name" the body holds). */
function mentionedPeople(message: UiMessage, chat: ChatSummary | undefined): { id: string; name: string }[] {
  const ids = message.mentions;
  if (ids.length === 0 || !chat) return [];
  return chat.members.filter((m) => ids.includes(m.user.id)).map((m) => ({ id: m.user.id, name: m.user.displayName }));
}

/** A small star beside the time of a message I starred (on any of my devices). */
function StarMark({ messageId }: { messageId: string }) {
  const starred = useAppSelector((s) => s.starred.ids[messageId] === true);
  return starred ? <Star size={11} aria-label="Starred" data-testid="star-mark" className="fill-current" /> : null;
}

export const MessageBubble = memo(function MessageBubble({
  message,
  chat,
  myId,
  showSender,
  tail,
  highlighted = false,
}: {
  message: UiMessage;
  chat: ChatSummary | undefined;
  myId: string | undefined;
  showSender: boolean;
  tail: boolean;
  /** Just jumped to: a brief ring, drawn without changing the bubble's size. */
  highlighted?: boolean;
}) {
  const dispatch = useAppDispatch();
  const mine = message.senderId === myId;
  const voice = { messageId: message.id, mine, playedBy: message.playedBy ?? [], chat };
  const [actionsOpen, setActionsOpen] = useState(false);
  const ref: MessageRef | null =
    message.id && message.deletedAt === null && message.status === "stored" && chat && message.seq !== null
      ? {
          chat,
          messageId: message.id,
          seq: message.seq,
          senderId: message.senderId,
          body: message.body,
          mine,
          pinned: Boolean(message.pinnedAt),
        }
      : null;
  const { handlers, dragX } = useMessageGestures({
    onLongPress: () => ref && setActionsOpen(true),
    onSwipeRight: () => ref && startReply(dispatch, ref),
  });
  if (message.kind === "notice") {
    // The host app's notices and the changes it made (admin API): a tinted pill with the
    // app's mark, so they are told apart from members' membership lines and from bubbles.
    return (
      <div className="my-1.5 flex justify-center px-[6%]" data-testid="notice-message">
        <span className="inline-flex max-w-[min(80%,36rem)] items-start gap-1.5 rounded-full border border-amber-300 bg-amber-50 px-3 py-1 text-xs font-medium whitespace-pre-wrap text-amber-900 shadow-sm dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          <Building2 aria-hidden className="mt-px h-3.5 w-3.5 shrink-0" />
          {message.body}
        </span>
      </div>
    );
  }
  if (message.kind === "system") {
    return (
      <div className="my-1 flex justify-center" data-testid="system-message">
        <span className="rounded-lg bg-white/90 px-3 py-1 text-xs text-zinc-600 shadow-sm dark:bg-bubble-in-dark dark:text-zinc-300">
          {systemTextFor(message, chat)}
        </span>
      </div>
    );
  }
  const sender = chat?.members.find((m) => m.user.id === message.senderId)?.user.displayName ?? "Former member";
  const deleted = message.deletedAt !== null;
  const people = mentionedPeople(message, chat);
  const mentionsMe = myId !== undefined && message.mentions.includes(myId);
  return (
    <div className={`flex px-[6%] ${mine ? "justify-end" : "justify-start"}`}>
      <div
        data-testid="message"
        data-seq={message.seq ?? undefined}
        data-mine={mine || undefined}
        data-highlighted={highlighted || undefined}
        data-pinned={message.pinnedAt ? true : undefined}
        {...(ref ? handlers : {})}
        style={dragX ? { transform: `translateX(${dragX}px)` } : undefined}
        className={`group relative touch-pan-y pointer-coarse:select-none max-w-[min(65%,42rem)] rounded-lg px-2.5 pt-1.5 pb-1 shadow-sm transition-shadow ${mine ? "bg-bubble-out dark:bg-bubble-out-dark" : "bg-white dark:bg-bubble-in-dark"} ${tail ? (mine ? "rounded-br-none" : "rounded-bl-none") : ""} ${highlighted ? "ring-4 ring-amber-400/80" : ""}`}
      >
        {showSender && !mine && (
          <div className="mb-0.5 font-medium text-brand-dark text-sm dark:text-brand">{sender}</div>
        )}
        {ref && <MessageActions message={ref} open={actionsOpen} onOpenChange={setActionsOpen} />}
        {message.replyTo && !deleted && (
          <ReplyQuote
            quote={message.replyTo}
            chat={chat}
            myId={myId}
            onOpen={() => {
              const quote = message.replyTo;
              if (quote) dispatch(jumpToMessage(message.chatId, quote.seq)).catch(() => {});
            }}
          />
        )}
        {message.forwarded && !deleted && (
          <div className="mb-0.5 flex items-center gap-1 text-xs text-zinc-500 italic" data-testid="forwarded">
            <Forward size={12} aria-hidden="true" /> Forwarded
          </div>
        )}
        {!deleted && message.attachments && message.attachments.length > 0 && (
          <MessageAttachments chatId={message.chatId} attachments={message.attachments} voice={voice} />
        )}
        {!deleted && message.pendingVoice && message.attachments.length === 0 && (
          <VoiceNote
            chatId={message.chatId}
            file={null}
            durationMs={message.pendingVoice.durationMs}
            waveform={message.pendingVoice.waveform}
            {...voice}
          />
        )}
        {!deleted && message.linkPreview && <LinkPreviewCard preview={message.linkPreview} />}
        {(deleted || message.body !== "") && (
          <div
            className={`break-words text-[0.95rem] leading-snug ${mentionsMe && !deleted ? "border-sky-500 border-l-2 pl-1.5" : ""}`}
            data-testid="message-body"
          >
            {deleted ? (
              <span className="text-zinc-500 italic dark:text-zinc-400">
                {message.expiresAt && Date.parse(message.deletedAt ?? "") >= Date.parse(message.expiresAt)
                  ? "This message disappeared"
                  : "This message was deleted"}
              </span>
            ) : (
              <Suspense fallback={<PlainBody text={message.body} />}>
                <MarkdownBody text={message.body} people={people} />
              </Suspense>
            )}
          </div>
        )}
        {message.reactions.length > 0 && chat && message.id && (
          <Reactions chat={chat} messageId={message.id} reactions={message.reactions} myId={myId} />
        )}
        <div className="-mb-0.5 flex items-center justify-end gap-1 text-[0.7rem] text-zinc-500 dark:text-zinc-400">
          {message.id && !deleted && <StarMark messageId={message.id} />}
          {message.pinnedAt && !deleted && <Pin size={11} aria-label="Pinned" data-testid="pinned-mark" />}
          {message.expiresAt && !deleted && <Timer size={11} aria-label="Disappearing message" />}
          {message.editedAt && !deleted && message.id && chat && (
            <button
              type="button"
              data-testid="edited"
              title="Show edit history"
              className="hover:underline"
              onClick={() =>
                message.id && dispatch(dialogOpened({ kind: "editHistory", chatId: chat.id, messageId: message.id }))
              }
            >
              edited
            </button>
          )}
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

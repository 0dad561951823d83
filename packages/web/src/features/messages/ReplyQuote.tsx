import { type ChatSummary, plainText, type ReplyPreview } from "@teamchat/protocol";

/** The first line of a quoted text without formatting markers: what a quote and the pinned bar show. */
export function firstLine(text: string): string {
  const plain = plainText(text).trim();
  const newline = plain.indexOf("\n");
  return newline >= 0 ? plain.slice(0, newline) : plain;
}

export function authorName(chat: ChatSummary | undefined, senderId: string | null, myId: string | undefined): string {
  if (senderId !== null && senderId === myId) return "You";
  return chat?.members.find((m) => m.user.id === senderId)?.user.displayName ?? "Former member";
}

/**
 * A quoted message: its author and first line, or the deleted placeholder (no text of a deleted
 * message ever reaches the client). With `onOpen` it is a button that jumps to the original.
 */
export function ReplyQuote({
  quote,
  chat,
  myId,
  onOpen,
}: {
  quote: ReplyPreview;
  chat: ChatSummary | undefined;
  myId: string | undefined;
  onOpen?: () => void;
}) {
  const content = (
    <>
      <span className="block truncate font-medium text-brand-dark text-xs dark:text-brand">
        {authorName(chat, quote.senderId, myId)}
      </span>
      <span className="block truncate text-xs text-zinc-600 dark:text-zinc-300">
        {quote.deleted ? <i>This message was deleted</i> : firstLine(quote.body)}
      </span>
    </>
  );
  const className =
    "mb-1 block w-full min-w-0 rounded border-brand border-l-4 bg-black/5 px-2 py-1 text-left dark:bg-white/10";
  if (!onOpen) return <div className={className}>{content}</div>;
  return (
    <button
      type="button"
      data-testid="reply-quote"
      aria-label={`Go to the quoted message from ${authorName(chat, quote.senderId, myId)}`}
      className={`${className} hover:bg-black/10 dark:hover:bg-white/15`}
      onClick={onOpen}
    >
      {content}
    </button>
  );
}

import { plainText } from "@teamchat/protocol";
import { format, isToday, isYesterday } from "date-fns";
import { useEffect, useRef } from "react";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { attachmentLabel } from "../files/attachment-label.js";
import { closeMessageInfo } from "./thunks.js";

function when(at: string | null): string {
  if (!at) return "";
  const date = new Date(at);
  const day = isToday(date) ? "Today" : isYesterday(date) ? "Yesterday" : format(date, "d MMM yyyy");
  return `${day} ${format(date, "HH:mm")}`;
}

type Row = { userId: string; displayName: string; at: string | null; note?: string };

function MemberList({ title, rows, testId }: { title: string; rows: Row[]; testId: string }) {
  if (rows.length === 0) return null;
  return (
    <section aria-label={title} data-testid={testId}>
      <h3 className="font-medium text-sm text-zinc-600 dark:text-zinc-300">{title}</h3>
      <ul className="mt-1">
        {rows.map((r) => (
          <li
            key={r.userId}
            className="flex items-baseline justify-between gap-3 py-1 text-sm"
            data-testid="info-member"
          >
            <span className="break-words">{r.displayName}</span>
            <span className="shrink-0 text-xs text-zinc-500">{r.note ?? when(r.at)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Message info of one of my messages: who read it and who got it, with times; "read by N of M"
 * in groups. Live: the SDK asks again whenever a pointer of the chat moves.
 */
export function MessageInfoDialog() {
  const dispatch = useAppDispatch();
  const open = useAppSelector((s) => s.messageInfo.open);
  const info = useAppSelector((s) => s.messageInfo.info);
  const error = useAppSelector((s) => s.messageInfo.error);
  const message = useAppSelector((s) =>
    open ? s.messages.byChat[open.chatId]?.list.entities[open.messageId] : undefined,
  );
  const chatType = useAppSelector((s) => (open ? s.chats.entities[open.chatId]?.type : undefined));
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (open && !ref.current?.open) ref.current?.showModal();
  }, [open]);
  if (!open) return null;
  const members = info?.members ?? [];
  const read = members.filter((m) => m.read).map((m) => ({ ...m, at: m.readAt }));
  const delivered = members.filter((m) => m.delivered && !m.read).map((m) => ({ ...m, at: m.deliveredAt }));
  const waiting = members.filter((m) => !m.delivered).map((m) => ({ ...m, at: null, note: "Not delivered yet" }));
  return (
    <dialog
      ref={ref}
      onClose={() => dispatch(closeMessageInfo())}
      aria-label="Message info"
      data-testid="message-info"
      className="m-auto w-[min(28rem,94vw)] rounded-2xl bg-white p-0 text-inherit shadow-xl backdrop:bg-black/40 dark:bg-panel-dark"
    >
      <div className="flex max-h-[80vh] flex-col gap-3 overflow-y-auto p-5">
        <div className="flex items-center justify-between">
          <h2 className="font-semibold text-lg">Message info</h2>
          <button
            type="button"
            className="text-sm text-brand-dark dark:text-brand"
            onClick={() => ref.current?.close()}
          >
            Close
          </button>
        </div>
        {message && (
          <p className="line-clamp-3 rounded bg-brand/10 px-2 py-1 text-sm">
            {plainText(message.body) || attachmentLabel(message.attachments) || "📎 File"}
          </p>
        )}
        {error && <p className="text-red-700 text-sm dark:text-red-300">{error}</p>}
        {!info && !error && <p className="text-sm text-zinc-500">Loading…</p>}
        {info && chatType !== "direct" && (
          <p className="font-medium text-sm" data-testid="read-by-count">
            Read by {info.readCount} of {info.memberCount}
          </p>
        )}
        <MemberList title="Read by" rows={read} testId="info-read" />
        <MemberList title="Delivered to" rows={delivered} testId="info-delivered" />
        <MemberList title="Waiting" rows={waiting} testId="info-waiting" />
        {members.some((m) => m.readHidden && !m.read) && (
          <p className="text-xs text-zinc-500">Read receipts are off for some people, or for you in this chat.</p>
        )}
      </div>
    </dialog>
  );
}

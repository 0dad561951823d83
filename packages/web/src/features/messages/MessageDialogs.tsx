import { plainText } from "@teamchat/protocol";
import { format } from "date-fns";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { ChatAvatar } from "../chats/ChatAvatar.js";
import { chatTitle, selectAllChats } from "../chats/selectors.js";
import { dialogClosed } from "./messagesSlice.js";
import { forwardMessage, loadEditHistory } from "./thunks.js";

/** The open message dialog (forward, or edit history), if any. */
export function MessageDialogs() {
  const dialog = useAppSelector((s) => s.messages.dialog);
  if (!dialog) return null;
  return dialog.kind === "forward" ? (
    <ForwardDialog chatId={dialog.chatId} messageId={dialog.messageId} />
  ) : (
    <EditHistoryDialog chatId={dialog.chatId} messageId={dialog.messageId} />
  );
}

function Modal({ title, children }: { title: string; children: ReactNode }) {
  const dispatch = useAppDispatch();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      onClose={() => dispatch(dialogClosed())}
      aria-label={title}
      className="m-auto w-[min(28rem,94vw)] rounded-2xl bg-white p-0 text-inherit shadow-xl backdrop:bg-black/40 dark:bg-panel-dark"
    >
      <div className="flex max-h-[80vh] flex-col gap-3 p-5">
        <h2 className="font-semibold text-lg">{title}</h2>
        {children}
      </div>
    </dialog>
  );
}

/** Pick one or more chats I can post to; one send per chat through the outbox. */
function ForwardDialog({ chatId, messageId }: { chatId: string; messageId: string }) {
  const dispatch = useAppDispatch();
  const source = useAppSelector((s) => s.messages.byChat[chatId]?.list.entities[messageId]);
  const myId = useAppSelector((s) => s.session.me?.id);
  const chats = useAppSelector(selectAllChats).filter(
    (c) => c.leftAtSeq === null && (!c.onlyAdminsCanPost || c.myRole === "admin"),
  );
  const [chosen, setChosen] = useState<string[]>([]);
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  const send = () => {
    if (!source?.id || source.seq === null) return;
    const stored = { ...source, id: source.id, seq: source.seq };
    dispatch(forwardMessage(stored, chosen))
      .then(() => toast.success(chosen.length === 1 ? "Forwarded" : `Forwarded to ${chosen.length} chats`))
      .catch(() => toast.error("Could not forward"));
    dispatch(dialogClosed());
  };
  return (
    <Modal title="Forward message to…">
      <p className="line-clamp-2 rounded bg-black/5 px-2 py-1 text-sm dark:bg-white/10">
        {source ? plainText(source.body) : ""}
      </p>
      <ul className="flex-1 overflow-y-auto" aria-label="Chats">
        {chats.map((c) => {
          const title = chatTitle(c, myId);
          return (
            <li key={c.id}>
              <label className="flex cursor-pointer items-center gap-3 rounded px-2 py-1.5 hover:bg-black/5 dark:hover:bg-white/10">
                <input type="checkbox" checked={chosen.includes(c.id)} onChange={() => toggle(c.id)} />
                <ChatAvatar chat={c} title={title} size={28} />
                <span className="truncate">{title}</span>
              </label>
            </li>
          );
        })}
      </ul>
      <div className="flex justify-end gap-2">
        <button type="button" className="rounded-lg px-4 py-2" onClick={() => dispatch(dialogClosed())}>
          Cancel
        </button>
        <button
          type="button"
          disabled={chosen.length === 0 || !source}
          onClick={send}
          className="rounded-lg bg-brand px-4 py-2 font-medium text-white disabled:opacity-50"
        >
          Forward
        </button>
      </div>
    </Modal>
  );
}

/** Every version of an edited message, oldest first, the current one last. */
function EditHistoryDialog({ chatId, messageId }: { chatId: string; messageId: string }) {
  const dispatch = useAppDispatch();
  const current = useAppSelector((s) => s.messages.byChat[chatId]?.list.entities[messageId]);
  const [edits, setEdits] = useState<{ body: string; editedAt: string }[] | null>(null);
  useEffect(() => {
    dispatch(loadEditHistory(chatId, messageId)).then(setEdits, () => setEdits([]));
  }, [dispatch, chatId, messageId]);
  const versions = edits
    ? [
        ...edits.map((e, i) => ({ body: e.body, at: i === 0 ? current?.createdAt : edits[i - 1]?.editedAt })),
        ...(current && !current.deletedAt ? [{ body: current.body, at: current.editedAt ?? current.createdAt }] : []),
      ]
    : [];
  return (
    <Modal title="Edit history">
      {edits === null ? (
        <p className="text-sm text-zinc-500">Loading…</p>
      ) : (
        <ol className="flex flex-col gap-2 overflow-y-auto" data-testid="edit-history">
          {versions.map((v, i) => (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: versions never reorder
              key={i}
              data-testid="edit-version"
              className="rounded bg-black/5 px-3 py-2 text-sm dark:bg-white/10"
            >
              <div className="whitespace-pre-wrap break-words">{v.body}</div>
              <div className="mt-1 text-xs text-zinc-500">
                {i === versions.length - 1 ? "Current" : "Earlier"}
                {v.at ? ` · ${format(new Date(v.at), "d MMM HH:mm:ss")}` : ""}
              </div>
            </li>
          ))}
        </ol>
      )}
      <div className="flex justify-end">
        <button type="button" className="rounded-lg px-4 py-2" onClick={() => dispatch(dialogClosed())}>
          Close
        </button>
      </div>
    </Modal>
  );
}

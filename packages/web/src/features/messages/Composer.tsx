import * as Popover from "@radix-ui/react-popover";
import { LIMITS } from "@teamchat/protocol";
import { SendHorizontal, Smile, X } from "lucide-react";
import {
  type KeyboardEvent,
  lazy,
  Suspense,
  startTransition,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from "react";
import { toast } from "sonner";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { IconButton } from "../../components/IconButton.js";
import { usePortalContainer } from "../../components/portal.js";
import { AttachButton, filesOf } from "../files/AttachButton.js";
import { DraftStrip } from "../files/DraftStrip.js";
import { attachFiles, sendWithAttachments } from "../files/thunks.js";
import { LinkPreviewCard, useDraftLinkPreview } from "../link-previews/LinkPreviewCard.js";
import { MentionSuggestions } from "../mentions/MentionSuggestions.js";
import { useMentionAutocomplete } from "../mentions/useMentionAutocomplete.js";
import { VoiceRecorder } from "../voice/VoiceRecorder.js";
import { editEnded, editStarted, replyEnded } from "./messagesSlice.js";
import { ReplyQuote } from "./ReplyQuote.js";
import { selectMessageList } from "./selectors.js";
import { editMessage, sendMessage, typing } from "./thunks.js";

const EmojiPicker = lazy(() => import("./EmojiPicker.js"));
const MAX_ROWS_PX = 160;

/**
 * The composer, or a note saying why I cannot send: I left the group, or only admins may post.
 * (The server refuses such sends anyway; this keeps them from reaching the outbox.)
 */
export function Composer({ chatId }: { chatId: string }) {
  const blocked = useAppSelector((s) => {
    const chat = s.chats.entities[chatId];
    if (chat?.leftAtSeq != null) return "You can't send messages to this group because you're no longer a member.";
    if (chat?.onlyAdminsCanPost && chat.myRole !== "admin") return "Only admins can send messages.";
    return null;
  });
  if (blocked) {
    return (
      <p
        className="bg-zinc-100 px-4 py-3 text-center text-sm text-zinc-500 dark:bg-zinc-800"
        data-testid="composer-blocked"
      >
        {blocked}
      </p>
    );
  }
  return <MessageComposer chatId={chatId} />;
}

/** Enter sends, Shift+Enter breaks the line; the box grows with its text up to a limit. */
function MessageComposer({ chatId }: { chatId: string }) {
  const dispatch = useAppDispatch();
  const [text, setText] = useState("");
  const [picker, setPicker] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const editing = useAppSelector((s) => (s.messages.editing?.chatId === chatId ? s.messages.editing : null));
  const mention = useMentionAutocomplete(chatId, text, setText, box);
  const replying = useAppSelector((s) => (s.messages.replying?.chatId === chatId ? s.messages.replying : null));
  const chat = useAppSelector((s) => s.chats.entities[chatId]);
  const myId = useAppSelector((s) => s.session.me?.id);
  // Up in an empty composer edits this one (as in most chat apps).
  const lastEditable = useAppSelector((s) =>
    selectMessageList(s, chatId).findLast(
      (m) => m.senderId === myId && m.kind === "text" && m.status === "stored" && m.id && m.deletedAt === null,
    ),
  );
  const portal = usePortalContainer();
  const extras = useAfterFirstPaint();
  const linkPreview = useDraftLinkPreview(editing ? "" : text);

  // Choosing Reply puts the caret in the box.
  useEffect(() => {
    if (replying) box.current?.focus();
  }, [replying]);
  const drafts = useAppSelector((s) => s.files.drafts[chatId]);
  const hasFiles = !editing && (drafts?.length ?? 0) > 0;
  const uploading = drafts?.some((d) => d.status === "uploading") ?? false;
  const filesReady = hasFiles && !uploading && (drafts?.some((d) => d.status === "done") ?? false);

  const editedMentions = useAppSelector((s) =>
    editing ? s.messages.byChat[chatId]?.list.entities[editing.messageId]?.mentions : undefined,
  );
  // Entering edit mode puts the message's text (and who it mentions) in the box; leaving it empties the box.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when editing starts or ends
  useEffect(() => {
    setText(editing?.body ?? "");
    mention.startWith(editing ? (editedMentions ?? []) : []);
    if (editing) box.current?.focus();
  }, [editing]);

  useEffect(() => {
    // Opening a chat puts the cursor here, except on touch screens (it would pop the keyboard up).
    if (!window.matchMedia("(pointer: coarse)").matches) box.current?.focus();
    return () => {
      dispatch(typing(chatId, false));
    };
  }, [chatId, dispatch]);

  // Grows with its text. Empty, it is one row by itself (rows=1, min-h-10): no scrollHeight read,
  // which would force a layout of the whole page inside the click that opens a chat (issue 15).
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = "auto";
    if (text === "") el.style.height = "";
    else el.style.height = `${Math.min(el.scrollHeight, MAX_ROWS_PX)}px`;
  }, [text]);

  const send = () => {
    const body = text.trim();
    if (hasFiles) {
      // Files go out once every upload has finished; the text is their caption.
      if (!filesReady) return;
      dispatch(
        sendWithAttachments(chatId, body, { mentions: mention.takeMentions(body), replyTo: replying?.quote ?? null }),
      ).catch(() => toast.error("Not sent"));
      if (replying) dispatch(replyEnded());
      setText("");
      setPicker(false);
      return;
    }
    if (!body) return;
    if (editing) {
      if (body !== editing.body) {
        dispatch(editMessage(chatId, editing.messageId, body, mention.takeMentions(body))).catch((err: unknown) =>
          toast.error(err instanceof Error ? `Not edited: ${err.message}` : "Not edited"),
        );
      }
      dispatch(editEnded());
      return;
    }
    dispatch(
      sendMessage(chatId, body, {
        mentions: mention.takeMentions(body),
        replyTo: replying?.quote ?? null,
        noLinkPreview: linkPreview.removed,
      }),
    );
    linkPreview.reset();
    if (replying) dispatch(replyEnded());
    setText("");
    setPicker(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mention.onKeyDown(e)) return;
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
    if (e.key === "ArrowUp" && text === "" && !editing && !hasFiles && lastEditable?.id) {
      e.preventDefault();
      dispatch(editStarted({ chatId, messageId: lastEditable.id, body: lastEditable.body }));
    }
    if (e.key === "Escape" && (editing || replying)) {
      // Handled: the app-wide Escape (close a panel) must not act on it too.
      e.preventDefault();
      if (editing) dispatch(editEnded());
      else dispatch(replyEnded());
    }
  };

  return (
    <div className="bg-zinc-100 dark:bg-zinc-800">
      <DraftStrip chatId={chatId} />
      {editing && (
        <div
          className="flex items-center justify-between border-brand border-l-4 px-4 py-1.5 text-sm"
          data-testid="editing-banner"
        >
          <span>Editing message</span>
          <button type="button" className="underline" onClick={() => dispatch(editEnded())}>
            Cancel
          </button>
        </div>
      )}
      {replying && (
        <div className="flex items-center gap-2 px-4 pt-2" data-testid="reply-banner">
          <div className="min-w-0 flex-1">
            <ReplyQuote quote={replying.quote} chat={chat} myId={myId} />
          </div>
          <IconButton label="Cancel reply" onClick={() => dispatch(replyEnded())}>
            <X size={18} />
          </IconButton>
        </div>
      )}
      {linkPreview.preview && !hasFiles && (
        <div className="px-4 pt-2">
          <LinkPreviewCard preview={linkPreview.preview} onRemove={linkPreview.remove} />
        </div>
      )}
      <div className="relative flex items-end gap-2 px-3 py-2">
        {mention.open && (
          <MentionSuggestions
            suggestions={mention.suggestions}
            highlighted={mention.highlighted}
            onPick={mention.pick}
          />
        )}
        {/* The textarea takes keys in the click that opened the chat; the buttons around it mount a
            frame later, in same-sized slots (issue 15: that click stays under 50 ms on a phone). */}
        {!extras && <ButtonSlot />}
        {extras && (
          <Popover.Root open={picker} onOpenChange={setPicker}>
            <Popover.Trigger asChild>
              <IconButton label="Emoji">
                <Smile size={22} />
              </IconButton>
            </Popover.Trigger>
            <Popover.Portal container={portal}>
              <Popover.Content
                side="top"
                align="start"
                sideOffset={8}
                collisionPadding={8}
                aria-label="Emoji"
                className="z-50"
                // Picking keeps the cursor in the message, not on the emoji button.
                onCloseAutoFocus={(e) => {
                  e.preventDefault();
                  box.current?.focus();
                }}
              >
                <Suspense
                  fallback={
                    <div className="rounded-lg bg-white p-4 text-sm shadow dark:bg-zinc-700">Loading emoji…</div>
                  }
                >
                  <EmojiPicker
                    onPick={(emoji) => {
                      setText((t) => t + emoji);
                    }}
                  />
                </Suspense>
              </Popover.Content>
            </Popover.Portal>
          </Popover.Root>
        )}
        {!editing && (extras ? <AttachButton chatId={chatId} /> : <ButtonSlot />)}
        <textarea
          ref={box}
          rows={1}
          value={text}
          maxLength={LIMITS.messageBodyMax}
          aria-label="Type a message"
          placeholder={hasFiles ? "Add a caption" : "Type a message"}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={mention.open}
          aria-controls={mention.open ? "mention-suggestions" : undefined}
          aria-activedescendant={
            mention.open ? `mention-option-${mention.suggestions[mention.highlighted]?.id}` : undefined
          }
          onSelect={mention.trackCaret}
          onPaste={(e) => {
            const pasted = filesOf(e.clipboardData);
            if (pasted.length === 0 || editing) return;
            e.preventDefault();
            dispatch(attachFiles(chatId, pasted));
          }}
          onChange={(e) => {
            setText(e.target.value);
            mention.trackCaret();
            dispatch(typing(chatId, e.target.value.trim().length > 0));
          }}
          onBlur={() => dispatch(typing(chatId, false))}
          onKeyDown={onKeyDown}
          className="max-h-40 min-h-10 flex-1 resize-none rounded-lg bg-white px-3 py-2 text-[0.95rem] leading-6 dark:bg-zinc-700"
        />
        {!editing && !hasFiles && !text.trim() ? (
          extras ? (
            <VoiceRecorder chatId={chatId} />
          ) : (
            <ButtonSlot />
          )
        ) : (
          <IconButton
            label={editing ? "Save edit" : "Send"}
            onClick={send}
            disabled={hasFiles ? !filesReady : !text.trim()}
            className="text-brand-dark dark:text-brand"
          >
            <SendHorizontal size={22} />
          </IconButton>
        )}
      </div>
    </div>
  );
}

/** An icon button's place, kept while the button itself is not mounted yet. */
function ButtonSlot() {
  return <span aria-hidden="true" className="inline-block h-10 w-10 shrink-0" />;
}

/** False on the first render, true from the next frame on (rendered in a transition). */
function useAfterFirstPaint(): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    const frame = requestAnimationFrame(() => startTransition(() => setAfter(true)));
    return () => cancelAnimationFrame(frame);
  }, []);
  return after;
}

import type { ChatMember, ChatSummary } from "@teamchat/protocol";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { Avatar } from "../../components/Avatar.js";
import { Modal, ModalTitle } from "../../components/Modal.js";
import { AddMembers } from "./AddMembers.js";
import { GroupPhoto } from "./GroupPhoto.js";
import { leaveGroup, removeGroupMember, setGroupRole, updateGroupInfo, updateGroupSettings } from "./groupThunks.js";

const failed = (what: string) => (err: unknown) => toast.error(err instanceof Error ? `${what}: ${err.message}` : what);

/** Group info: name and description, settings, members with roles, and the admin actions. */
export function GroupInfoPanel({ chatId, onClose }: { chatId: string; onClose: () => void }) {
  const chat = useAppSelector((s) => s.chats.entities[chatId]);
  const myId = useAppSelector((s) => s.session.me?.id);
  if (!chat) return null;
  const isMember = chat.leftAtSeq === null;
  const isAdmin = isMember && chat.myRole === "admin";
  const canAdd = isAdmin || (isMember && chat.membersCanAddOthers);

  const title = chat.type === "channel" ? "Channel info" : "Group info";
  return (
    <Modal onClose={onClose} testId="group-info">
      <div className="flex max-h-[85dvh] flex-col gap-4 overflow-y-auto p-5">
        <ModalTitle className="font-semibold text-lg">{title}</ModalTitle>
        <GroupPhoto chat={chat} editable={isAdmin} />
        <GroupDetails chat={chat} editable={isAdmin} />
        {isAdmin && <GroupSettings chat={chat} />}
        {canAdd && <AddMembers chatId={chat.id} memberIds={chat.members.map((m) => m.user.id)} />}
        <MemberList chat={chat} myId={myId} isAdmin={isAdmin} />
        {!isMember && <p className="text-sm text-zinc-500">You are no longer a member of this group.</p>}
        <div className="flex justify-between gap-2">
          {isMember ? <LeaveButton chatId={chat.id} onLeft={onClose} /> : <span />}
          <button
            type="button"
            onClick={onClose}
            className="rounded-lg px-4 py-2 hover:bg-black/5 dark:hover:bg-white/10"
          >
            Close
          </button>
        </div>
      </div>
    </Modal>
  );
}

function GroupDetails({ chat, editable }: { chat: ChatSummary; editable: boolean }) {
  const dispatch = useAppDispatch();
  const [name, setName] = useState(chat.name ?? "");
  const [description, setDescription] = useState(chat.description ?? "");
  if (!editable) {
    return (
      <div>
        <p className="font-medium" data-testid="group-name">
          {chat.name}
        </p>
        {chat.description && <p className="text-sm text-zinc-500">{chat.description}</p>}
      </div>
    );
  }
  const save = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      ...(name.trim() !== chat.name && { name: name.trim() }),
      ...(description.trim() !== (chat.description ?? "") && { description: description.trim() || null }),
    };
    if (Object.keys(body).length > 0) dispatch(updateGroupInfo(chat.id, body)).catch(failed("Not saved"));
  };
  return (
    <form onSubmit={save} className="space-y-2">
      <label className="block space-y-1">
        <span className="text-sm">Group name</span>
        <input
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          className="w-full rounded-lg border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-600"
        />
      </label>
      <label className="block space-y-1">
        <span className="text-sm">Description</span>
        <textarea
          maxLength={1000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          className="w-full rounded-lg border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-600"
        />
      </label>
      <button
        type="submit"
        disabled={!name.trim()}
        className="rounded-lg bg-brand-dark px-4 py-1.5 text-white disabled:opacity-50"
      >
        Save
      </button>
    </form>
  );
}

function GroupSettings({ chat }: { chat: ChatSummary }) {
  const dispatch = useAppDispatch();
  const toggle = (key: "onlyAdminsCanPost" | "membersCanAddOthers" | "membersCanPin", value: boolean) =>
    dispatch(updateGroupSettings(chat.id, { [key]: value })).catch(failed("Not changed"));
  return (
    <fieldset className="space-y-1">
      <legend className="mb-1 text-sm">Settings</legend>
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={chat.onlyAdminsCanPost}
          onChange={(e) => toggle("onlyAdminsCanPost", e.target.checked)}
        />
        Only admins can send messages
      </label>
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={chat.membersCanAddOthers}
          onChange={(e) => toggle("membersCanAddOthers", e.target.checked)}
        />
        Members can add others
      </label>
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={chat.membersCanPin}
          onChange={(e) => toggle("membersCanPin", e.target.checked)}
        />
        Members can pin messages
      </label>
    </fieldset>
  );
}

function MemberList({ chat, myId, isAdmin }: { chat: ChatSummary; myId: string | undefined; isAdmin: boolean }) {
  return (
    <section>
      <h3 className="mb-1 text-sm">{chat.members.length} members</h3>
      <ul aria-label="Members" className="space-y-1">
        {chat.members.map((m) => (
          <MemberRow key={m.user.id} chatId={chat.id} member={m} isMe={m.user.id === myId} canManage={isAdmin} />
        ))}
      </ul>
    </section>
  );
}

function MemberRow(props: { chatId: string; member: ChatMember; isMe: boolean; canManage: boolean }) {
  const { chatId, member, isMe, canManage } = props;
  const dispatch = useAppDispatch();
  const name = isMe ? "You" : member.user.displayName;
  const small = "rounded px-2 py-0.5 text-xs hover:bg-black/5 dark:hover:bg-white/10";
  return (
    <li className="flex flex-wrap items-center gap-x-2 gap-y-1" data-testid="group-member">
      <Avatar name={member.user.displayName} url={member.user.avatarUrl} size={28} />
      {/* Full names: wrapped, never cut. */}
      <span className="min-w-0 flex-1 break-words" data-testid="member-name">
        {name}
      </span>
      {member.role === "admin" && (
        <span className="rounded bg-brand/15 px-1.5 text-emerald-800 text-xs dark:text-brand">admin</span>
      )}
      {canManage && !isMe && (
        <span className="ml-auto flex shrink-0 gap-1">
          <button
            type="button"
            aria-label={member.role === "admin" ? `Dismiss ${name} as admin` : `Make ${name} admin`}
            className={small}
            onClick={() =>
              dispatch(setGroupRole(chatId, member.user.id, member.role === "admin" ? "member" : "admin")).catch(
                failed("Not changed"),
              )
            }
          >
            {member.role === "admin" ? "Dismiss as admin" : "Make admin"}
          </button>
          <button
            type="button"
            aria-label={`Remove ${name}`}
            className={`${small} text-red-600`}
            onClick={() => {
              if (window.confirm(`Remove ${name} from the group?`)) {
                dispatch(removeGroupMember(chatId, member.user.id)).catch(failed("Not removed"));
              }
            }}
          >
            Remove
          </button>
        </span>
      )}
    </li>
  );
}

function LeaveButton({ chatId, onLeft }: { chatId: string; onLeft: () => void }) {
  const dispatch = useAppDispatch();
  return (
    <button
      type="button"
      className="rounded-lg px-4 py-2 text-red-600 hover:bg-red-50 dark:hover:bg-white/10"
      onClick={() => {
        if (!window.confirm("Leave this group?")) return;
        dispatch(leaveGroup(chatId)).then(onLeft, failed("Could not leave"));
      }}
    >
      Leave group
    </button>
  );
}

import type { PrivacySettings } from "@teamchat/protocol";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { changePrivacy, loadBlockedUsers, unblockUser } from "../profile/thunks.js";
import { UserAvatar } from "../profile/UserAvatar.js";

const SETTINGS: { key: keyof PrivacySettings; label: string; help: string }[] = [
  {
    key: "readReceipts",
    label: "Read receipts",
    help: "Off: others do not see when you read their messages, and in direct chats you do not see theirs either.",
  },
  {
    key: "lastSeen",
    label: "Last seen",
    help: "Off: nobody sees when you were last online, and you do not see anyone's last seen either.",
  },
  { key: "typingIndicators", label: "Typing indicators", help: "Off: others do not see when you are typing." },
];

/** What others learn about me, and the people I blocked (with unblock). */
export function PrivacyPanel() {
  const dispatch = useAppDispatch();
  const privacy = useAppSelector((s) => s.session.me?.privacy);
  const blocked = useAppSelector((s) => s.privacy.blockedUsers);
  const [saving, setSaving] = useState<keyof PrivacySettings | null>(null);
  useEffect(() => {
    dispatch(loadBlockedUsers()).catch(() => toast.error("Could not load the people you blocked"));
  }, [dispatch]);
  if (!privacy) return null;

  const toggle = (key: keyof PrivacySettings) => {
    setSaving(key);
    dispatch(changePrivacy({ [key]: !privacy[key] }))
      .catch(() => toast.error("Setting not changed"))
      .finally(() => setSaving(null));
  };
  return (
    <section aria-label="Privacy" className="flex flex-col gap-1 p-5" data-testid="privacy-panel">
      {SETTINGS.map(({ key, label, help }) => (
        <label
          key={key}
          className="flex cursor-pointer items-start gap-3 rounded-lg px-2 py-3 hover:bg-black/5 dark:hover:bg-white/5"
        >
          <span className="min-w-0 flex-1">
            <span className="block">{label}</span>
            <span className="block text-xs text-zinc-500 dark:text-zinc-400">{help}</span>
          </span>
          <input
            type="checkbox"
            role="switch"
            aria-label={label}
            aria-checked={privacy[key]}
            checked={privacy[key]}
            disabled={saving !== null}
            onChange={() => toggle(key)}
            className="mt-1 h-5 w-5 accent-brand"
          />
        </label>
      ))}
      <h3 className="mt-4 px-2 font-medium text-brand-dark text-sm dark:text-brand">
        Blocked contacts{blocked.length > 0 ? ` (${blocked.length})` : ""}
      </h3>
      <ul aria-label="Blocked contacts" className="flex flex-col">
        {blocked.map((user) => (
          <li key={user.id} className="flex items-center gap-3 px-2 py-2" data-testid="blocked-user">
            <UserAvatar user={user} size={36} />
            <span className="min-w-0 flex-1 truncate">{user.displayName}</span>
            <button
              type="button"
              onClick={() => dispatch(unblockUser(user.id)).catch(() => toast.error("Could not unblock"))}
              className="rounded-lg px-3 py-1 text-brand-dark text-sm hover:bg-black/5 dark:text-brand dark:hover:bg-white/10"
            >
              Unblock {user.displayName}
            </button>
          </li>
        ))}
        {blocked.length === 0 && (
          <li className="px-2 py-2 text-sm text-zinc-500">Nobody. Block someone from their chat's menu.</li>
        )}
      </ul>
    </section>
  );
}

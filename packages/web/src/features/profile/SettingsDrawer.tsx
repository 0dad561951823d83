import { ArrowLeft } from "lucide-react";
import { useEffect, useState } from "react";
import { IconButton } from "../../components/IconButton.js";
import { PrivacyPanel } from "../privacy/PrivacyPanel.js";
import { ProfilePanel } from "./ProfilePanel.js";

type Screen = "profile" | "privacy";

/** Over the chat list, as in WhatsApp: my profile, and my privacy settings with the blocked list. */
export function SettingsDrawer({ onClose }: { onClose: () => void }) {
  const [screen, setScreen] = useState<Screen>("profile");
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  const tab = (value: Screen, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={screen === value}
      onClick={() => setScreen(value)}
      className={`flex-1 border-b-2 py-2 text-sm ${screen === value ? "border-brand font-medium" : "border-transparent text-zinc-500"}`}
    >
      {label}
    </button>
  );
  return (
    <div
      role="dialog"
      aria-label="Profile and privacy"
      className="absolute inset-0 z-20 flex flex-col overflow-y-auto bg-white dark:bg-zinc-900"
    >
      <header className="flex items-center gap-3 bg-zinc-100 px-3 py-3 dark:bg-zinc-800">
        <IconButton label="Close profile and privacy" onClick={onClose}>
          <ArrowLeft size={20} />
        </IconButton>
        <h2 className="font-medium">{screen === "profile" ? "Profile" : "Privacy"}</h2>
      </header>
      <div role="tablist" className="flex">
        {tab("profile", "Profile")}
        {tab("privacy", "Privacy")}
      </div>
      {screen === "profile" ? <ProfilePanel /> : <PrivacyPanel />}
    </div>
  );
}

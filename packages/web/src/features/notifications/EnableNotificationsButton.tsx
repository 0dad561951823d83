import { Bell, BellOff, BellRing } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { useAppDispatch } from "../../app/hooks.js";
import { IconButton } from "../../components/IconButton.js";
import {
  disableNotifications,
  enableNotifications,
  type NotificationStatus,
  readNotificationStatus,
} from "./thunks.js";

/** Sidebar-header toggle for push notifications; renders nothing where Web Push is unsupported. */
export function EnableNotificationsButton() {
  const dispatch = useAppDispatch();
  const [status, setStatus] = useState<NotificationStatus | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    readNotificationStatus()
      .then((s) => live && setStatus(s))
      .catch(() => live && setStatus({ permission: "unsupported", subscribed: false }));
    return () => {
      live = false;
    };
  }, []);

  if (!status || status.permission === "unsupported") return null;

  if (status.permission === "denied") {
    return (
      <IconButton label="Notifications are blocked in the browser's site settings" disabled>
        <BellOff size={20} />
      </IconButton>
    );
  }

  const toggle = async () => {
    setBusy(true);
    try {
      setStatus(await dispatch(status.subscribed ? disableNotifications() : enableNotifications()));
    } catch {
      toast.error("Could not change notification settings. Try again.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <IconButton
      label={status.subscribed ? "Turn off notifications" : "Turn on notifications"}
      aria-pressed={status.subscribed}
      disabled={busy}
      onClick={toggle}
    >
      {status.subscribed ? <BellRing size={20} /> : <Bell size={20} />}
    </IconButton>
  );
}

import { AlertCircle, Check, CheckCheck, Clock3 } from "lucide-react";
import type { Tick } from "./selectors.js";

const LABEL: Record<Tick, string> = {
  sending: "Sending",
  failed: "Not sent",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
};

/** WhatsApp's ticks, each with a text label for screen readers and tests. */
export function Ticks({ tick }: { tick: Tick }) {
  const common = { size: 16, "aria-hidden": true } as const;
  return (
    <span role="img" aria-label={LABEL[tick]} data-tick={tick} className="inline-flex">
      {tick === "sending" && <Clock3 {...common} size={13} className="text-zinc-500" />}
      {tick === "failed" && <AlertCircle {...common} className="text-red-600" />}
      {tick === "sent" && <Check {...common} className="text-zinc-500" />}
      {tick === "delivered" && <CheckCheck {...common} className="text-zinc-500" />}
      {tick === "read" && <CheckCheck {...common} className="text-tick-read" />}
    </span>
  );
}
